import type { MessageBundle } from '../../core/i18n/index.ts'

export const accountsMessages: MessageBundle = {
  en: {
    errors: {
      accounts: {
        invalid_credentials: { title: 'Sign-in failed', detail: 'The login or password is wrong.' },
        email_taken: { title: 'Email in use', detail: 'Another account already uses this email.' },
        username_taken: { title: 'Username in use', detail: 'Another account already uses this username.' },
        weak_password: { title: 'Weak password', detail: 'Choose a stronger password. See errors.' },
        invalid_refresh_token: {
          title: 'Invalid refresh token',
          detail: 'The refresh token is unknown, expired, or its session has ended. Sign in again.',
        },
        refresh_token_reused: {
          title: 'Refresh token reused',
          detail: 'This refresh token was already used, so the session was ended for safety. Sign in again.',
        },
        device_not_found: { title: 'Device not found', detail: 'No signed-in device of yours has this id.' },
        wrong_password: { title: 'Wrong password', detail: 'The current password is wrong.' },
      },
    },
    accounts: {
      password: {
        too_short: 'Must be at least {{limit}} characters.',
        matches_identity: 'Must not be your username or email.',
        too_common: 'Is too common; choose another.',
        wrong: 'Is not your current password.',
      },
    },
  },
  ko: {
    errors: {
      accounts: {
        invalid_credentials: { title: '로그인 실패', detail: '아이디 또는 비밀번호가 틀렸습니다.' },
        email_taken: { title: '사용 중인 이메일', detail: '이미 다른 계정이 이 이메일을 사용합니다.' },
        username_taken: { title: '사용 중인 사용자 이름', detail: '이미 다른 계정이 이 사용자 이름을 사용합니다.' },
        weak_password: { title: '약한 비밀번호', detail: '더 강한 비밀번호를 고르세요. errors를 확인하세요.' },
        invalid_refresh_token: {
          title: '잘못된 리프레시 토큰',
          detail: '리프레시 토큰이 없거나 만료되었거나 세션이 끝났습니다. 다시 로그인하세요.',
        },
        refresh_token_reused: {
          title: '재사용된 리프레시 토큰',
          detail: '이미 사용된 리프레시 토큰이라 안전을 위해 세션을 종료했습니다. 다시 로그인하세요.',
        },
        device_not_found: { title: '기기를 찾을 수 없음', detail: '이 id의 로그인된 기기가 없습니다.' },
        wrong_password: { title: '비밀번호 틀림', detail: '현재 비밀번호가 틀렸습니다.' },
      },
    },
    accounts: {
      password: {
        too_short: '{{limit}}자 이상이어야 합니다.',
        matches_identity: '사용자 이름이나 이메일과 같으면 안 됩니다.',
        too_common: '너무 흔한 비밀번호입니다. 다른 것을 고르세요.',
        wrong: '현재 비밀번호가 아닙니다.',
      },
    },
  },
}
