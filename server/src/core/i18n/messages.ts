import type { MessageBundle } from './index.ts'

/** Messages of core: request-level and authentication errors, field validation, and core mail templates. */
export const coreMessages: MessageBundle = {
  en: {
    errors: {
      http: {
        bad_request: { title: 'Bad request', detail: 'The request could not be understood.' },
        validation_failed: { title: 'Invalid request', detail: 'Some fields are invalid. See errors.' },
        malformed_json: { title: 'Malformed JSON', detail: 'The request body is not valid JSON.' },
        body_too_large: { title: 'Request too large', detail: 'The request body is larger than this server accepts.' },
        unsupported_media_type: {
          title: 'Unsupported media type',
          detail: 'Send the body as application/json.',
        },
        not_found: { title: 'Not found', detail: 'There is nothing at {{method}} {{path}}.' },
        method_not_allowed: { title: 'Method not allowed', detail: 'This resource does not allow that method.' },
        rate_limited: {
          title: 'Too many requests',
          detail: 'Too many attempts. Try again in {{retryAfter}} seconds.',
        },
        internal: { title: 'Internal error', detail: 'Something went wrong on our side. It has been logged.' },
        unavailable: {
          title: 'Service unavailable',
          detail: 'The service is not ready ({{check}} is down). Try again shortly.',
        },
      },
      realtime: {
        invalid_json: { title: 'Invalid JSON', detail: 'The frame is not valid JSON.' },
        invalid_frame: { title: 'Invalid frame', detail: 'The frame does not match the protocol.' },
        unknown_type: { title: 'Unknown frame type', detail: 'There is no command of this type.' },
        invalid_channel: { title: 'Invalid channel', detail: 'There is no channel with this name.' },
        forbidden: { title: 'Forbidden channel', detail: 'You may not subscribe to this channel.' },
        not_subscribed: { title: 'Not subscribed', detail: 'This socket is not subscribed to that channel.' },
        rate_limited: { title: 'Too many frames', detail: 'Slow down: too many frames on this socket.' },
        not_authenticated: { title: 'Not authenticated', detail: 'Send a refresh frame with an access token first.' },
        token_mismatch: { title: 'Token of another session', detail: 'A socket keeps the session it signed in with.' },
        internal: { title: 'Internal error', detail: 'Something went wrong on our side. It has been logged.' },
      },
      auth: {
        missing_token: {
          title: 'Sign-in required',
          detail: 'Send an access token in the Authorization header: Bearer <token>.',
        },
        malformed_token: { title: 'Malformed token', detail: 'The access token is not a valid JWT.' },
        token_expired: { title: 'Token expired', detail: 'The access token has expired. Refresh it.' },
        invalid_signature: {
          title: 'Invalid token signature',
          detail: 'The access token was not signed by this server.',
        },
        algorithm_not_allowed: {
          title: 'Token algorithm not allowed',
          detail: 'The access token uses an algorithm this server does not accept.',
        },
        wrong_audience: {
          title: 'Token for another environment',
          detail: 'The access token was issued for another environment of Madang.',
        },
        wrong_issuer: { title: 'Token from another server', detail: 'The access token was issued by another server.' },
        session_revoked: {
          title: 'Session ended',
          detail: 'This device was signed out. Sign in again.',
        },
        forbidden: { title: 'Forbidden', detail: 'You are not allowed to do this.' },
      },
    },
    validation: {
      required: 'Required.',
      minLength: 'Must be at least {{limit}} characters.',
      maxLength: 'Must be at most {{limit}} characters.',
      minimum: 'Must be at least {{limit}}.',
      maximum: 'Must be at most {{limit}}.',
      minProperties: 'Send at least {{limit}} field(s).',
      format: 'Must be a valid {{format}}.',
      pattern: 'Has characters that are not allowed.',
      type: 'Must be of type {{type}}.',
      additionalProperties: 'Unknown field.',
      enum: 'Must be one of the allowed values.',
      invalid: 'Invalid value.',
      time_zone: 'Must be an IANA time zone, e.g. Asia/Seoul.',
    },
    mail: {
      test: {
        subject: 'Madang test message',
        text: 'Hello {{name}},\n\nThis is a test message from Madang. If you can read it, email works.\n\n— Madang',
        html: '<p>Hello {{name}},</p><p>This is a test message from Madang. If you can read it, email works.</p><p>— Madang</p>',
      },
    },
  },
  ko: {
    errors: {
      http: {
        bad_request: { title: '잘못된 요청', detail: '요청을 이해할 수 없습니다.' },
        validation_failed: { title: '잘못된 입력', detail: '일부 항목이 올바르지 않습니다. errors를 확인하세요.' },
        malformed_json: { title: '잘못된 JSON', detail: '요청 본문이 올바른 JSON이 아닙니다.' },
        body_too_large: { title: '요청이 너무 큼', detail: '요청 본문이 서버가 받을 수 있는 크기를 넘습니다.' },
        unsupported_media_type: {
          title: '지원하지 않는 형식',
          detail: '본문은 application/json으로 보내 주세요.',
        },
        not_found: { title: '찾을 수 없음', detail: '{{method}} {{path}}에는 아무것도 없습니다.' },
        method_not_allowed: { title: '허용되지 않는 메서드', detail: '이 리소스는 해당 메서드를 지원하지 않습니다.' },
        rate_limited: {
          title: '요청이 너무 많음',
          detail: '시도가 너무 많습니다. {{retryAfter}}초 후에 다시 시도하세요.',
        },
        internal: { title: '서버 오류', detail: '서버에서 문제가 발생했습니다. 기록되었습니다.' },
        unavailable: {
          title: '서비스 준비 중',
          detail: '서비스가 아직 준비되지 않았습니다({{check}} 중단). 잠시 후 다시 시도하세요.',
        },
      },
      realtime: {
        invalid_json: { title: '잘못된 JSON', detail: '프레임이 올바른 JSON이 아닙니다.' },
        invalid_frame: { title: '잘못된 프레임', detail: '프레임이 프로토콜과 맞지 않습니다.' },
        unknown_type: { title: '알 수 없는 프레임', detail: '이 종류의 명령이 없습니다.' },
        invalid_channel: { title: '잘못된 채널', detail: '이 이름의 채널이 없습니다.' },
        forbidden: { title: '허용되지 않은 채널', detail: '이 채널을 구독할 수 없습니다.' },
        not_subscribed: { title: '구독하지 않음', detail: '이 소켓은 그 채널을 구독하고 있지 않습니다.' },
        rate_limited: { title: '프레임이 너무 많음', detail: '이 소켓에서 프레임을 너무 많이 보냈습니다.' },
        not_authenticated: { title: '인증 필요', detail: '먼저 액세스 토큰이 담긴 refresh 프레임을 보내세요.' },
        token_mismatch: { title: '다른 세션의 토큰', detail: '소켓은 처음 로그인한 세션을 유지합니다.' },
        internal: { title: '서버 오류', detail: '서버에서 문제가 발생했습니다. 기록되었습니다.' },
      },
      auth: {
        missing_token: {
          title: '로그인 필요',
          detail: 'Authorization 헤더에 액세스 토큰을 보내 주세요: Bearer <token>.',
        },
        malformed_token: { title: '잘못된 토큰', detail: '액세스 토큰이 올바른 JWT가 아닙니다.' },
        token_expired: { title: '토큰 만료', detail: '액세스 토큰이 만료되었습니다. 갱신하세요.' },
        invalid_signature: { title: '잘못된 토큰 서명', detail: '이 서버가 서명한 액세스 토큰이 아닙니다.' },
        algorithm_not_allowed: {
          title: '허용되지 않는 토큰 알고리즘',
          detail: '이 서버가 받지 않는 알고리즘의 액세스 토큰입니다.',
        },
        wrong_audience: {
          title: '다른 환경의 토큰',
          detail: 'Madang의 다른 환경에서 발급된 액세스 토큰입니다.',
        },
        wrong_issuer: { title: '다른 서버의 토큰', detail: '다른 서버에서 발급된 액세스 토큰입니다.' },
        session_revoked: { title: '세션 종료', detail: '이 기기는 로그아웃되었습니다. 다시 로그인하세요.' },
        forbidden: { title: '권한 없음', detail: '이 작업을 할 권한이 없습니다.' },
      },
    },
    validation: {
      required: '필수 항목입니다.',
      minLength: '{{limit}}자 이상이어야 합니다.',
      maxLength: '{{limit}}자 이하여야 합니다.',
      minimum: '{{limit}} 이상이어야 합니다.',
      maximum: '{{limit}} 이하여야 합니다.',
      minProperties: '항목을 {{limit}}개 이상 보내 주세요.',
      format: '올바른 {{format}} 형식이어야 합니다.',
      pattern: '허용되지 않는 문자가 있습니다.',
      type: '{{type}} 형식이어야 합니다.',
      additionalProperties: '알 수 없는 항목입니다.',
      enum: '허용된 값 중 하나여야 합니다.',
      invalid: '올바르지 않은 값입니다.',
      time_zone: 'IANA 시간대여야 합니다. 예: Asia/Seoul',
    },
    mail: {
      test: {
        subject: 'Madang 테스트 메일',
        text: '{{name}}님, 안녕하세요.\n\nMadang에서 보낸 테스트 메일입니다. 이 메일이 보이면 메일 발송이 정상입니다.\n\n— Madang',
        html: '<p>{{name}}님, 안녕하세요.</p><p>Madang에서 보낸 테스트 메일입니다. 이 메일이 보이면 메일 발송이 정상입니다.</p><p>— Madang</p>',
      },
    },
  },
}
