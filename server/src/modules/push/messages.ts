import type { MessageBundle } from '../../core/i18n/index.ts'

export const pushMessages: MessageBundle = {
  en: {
    errors: {
      push: {
        provider_unavailable: {
          title: 'Push provider unavailable',
          detail: 'This server does not send through {{provider}}. Register a Web Push subscription instead.',
        },
        endpoint_not_allowed: {
          title: 'Push service not allowed',
          detail: 'This server does not send to push endpoints at {{host}}.',
        },
        subscription_not_found: {
          title: 'Not subscribed',
          detail: 'This device has not registered for push notifications.',
        },
      },
    },
    push: {
      summary: { title: 'Madang', body: '{{count}} changes' },
      test: {
        title: 'Notifications are on',
        body: 'This device will be told when something changes on your other devices.',
      },
    },
  },
  ko: {
    errors: {
      push: {
        provider_unavailable: {
          title: '지원하지 않는 푸시 서비스',
          detail: '이 서버는 {{provider}}로 보내지 않습니다. 웹 푸시 구독을 등록하세요.',
        },
        endpoint_not_allowed: {
          title: '허용되지 않은 푸시 서비스',
          detail: '이 서버는 {{host}}의 푸시 주소로 보내지 않습니다.',
        },
        subscription_not_found: {
          title: '구독하지 않음',
          detail: '이 기기는 푸시 알림을 등록하지 않았습니다.',
        },
      },
    },
    push: {
      summary: { title: 'Madang', body: '변경 사항 {{count}}건' },
      test: {
        title: '알림이 켜졌습니다',
        body: '다른 기기에서 무언가 바뀌면 이 기기로 알려 드립니다.',
      },
    },
  },
}
