import type { MessageBundle } from '../../core/i18n/index.ts'

export const feedbackMessages: MessageBundle = {
  en: {
    errors: {
      feedback: {
        feedback_not_found: { title: 'Feedback not found', detail: 'There is no feedback of yours with this id.' },
        screenshot_not_found: { title: 'No screenshot', detail: 'This feedback has no screenshot.' },
        screenshot_too_large: { title: 'Screenshot too large', detail: 'A screenshot may be at most 5 MB.' },
        unsupported_image: {
          title: 'Unsupported image',
          detail: 'The screenshot must be a PNG, JPEG, WebP or GIF image.',
        },
        invalid_form: {
          title: 'Invalid form',
          detail: 'Send the fields category, title and description, and at most one file, named screenshot.',
        },
        invalid_cursor: { title: 'Invalid cursor', detail: 'Use the nextCursor of a previous page.' },
      },
    },
    feedback: {
      push: {
        status_changed: { title: 'Your feedback', body: '“{{title}}” is now {{status}}.' },
      },
      category: { bug: 'Bug', feature: 'Feature request', feedback: 'Feedback' },
      status: { pending: 'pending', processing: 'in progress', completed: 'completed' },
      screenshot: { yes: 'attached', no: 'none' },
    },
    mail: {
      feedback_received: {
        subject: '[Madang] {{category}}: {{title}}',
        text: 'New feedback from {{author}}\n\nCategory: {{category}}\nTitle: {{title}}\nScreenshot: {{hasScreenshot}}\n\n{{description}}\n\n—\nFeedback {{id}}. You receive this message as Madang staff.',
        html: '<p>New feedback from {{author}}</p><p>Category: {{category}}<br>Title: {{title}}<br>Screenshot: {{hasScreenshot}}</p><div style="white-space:pre-wrap">{{description}}</div><hr><p style="color:#666">Feedback {{id}}. You receive this message as Madang staff.</p>',
      },
      feedback_status_changed: {
        subject: '[Madang] Your feedback is {{status}}',
        text: 'Hello {{name}},\n\nYour feedback "{{title}}" ({{category}}) is now {{status}}.\n\nThank you for helping us improve Madang.\n\n— Madang',
        html: '<p>Hello {{name}},</p><p>Your feedback “{{title}}” ({{category}}) is now <strong>{{status}}</strong>.</p><p>Thank you for helping us improve Madang.</p><p>— Madang</p>',
      },
    },
  },
  ko: {
    errors: {
      feedback: {
        feedback_not_found: { title: '의견을 찾을 수 없음', detail: '이 id의 의견이 없습니다.' },
        screenshot_not_found: { title: '스크린샷 없음', detail: '이 의견에는 스크린샷이 없습니다.' },
        screenshot_too_large: { title: '스크린샷이 너무 큼', detail: '스크린샷은 5MB까지 올릴 수 있습니다.' },
        unsupported_image: {
          title: '지원하지 않는 이미지',
          detail: '스크린샷은 PNG, JPEG, WebP, GIF 이미지여야 합니다.',
        },
        invalid_form: {
          title: '잘못된 양식',
          detail: 'category, title, description 필드와 screenshot이라는 파일 하나까지만 보내세요.',
        },
        invalid_cursor: { title: '잘못된 커서', detail: '이전 페이지의 nextCursor를 사용하세요.' },
      },
    },
    feedback: {
      push: {
        status_changed: { title: '보내 주신 의견', body: '“{{title}}” 상태: {{status}}' },
      },
      category: { bug: '버그', feature: '기능 요청', feedback: '의견' },
      status: { pending: '대기 중', processing: '처리 중', completed: '완료' },
      screenshot: { yes: '첨부됨', no: '없음' },
    },
    mail: {
      feedback_received: {
        subject: '[Madang] {{category}}: {{title}}',
        text: '{{author}} 님이 의견을 보냈습니다.\n\n종류: {{category}}\n제목: {{title}}\n스크린샷: {{hasScreenshot}}\n\n{{description}}\n\n—\n의견 {{id}}. Madang 운영진이라서 받는 메일입니다.',
        html: '<p>{{author}} 님이 의견을 보냈습니다.</p><p>종류: {{category}}<br>제목: {{title}}<br>스크린샷: {{hasScreenshot}}</p><div style="white-space:pre-wrap">{{description}}</div><hr><p style="color:#666">의견 {{id}}. Madang 운영진이라서 받는 메일입니다.</p>',
      },
      feedback_status_changed: {
        subject: '[Madang] 보내주신 의견이 {{status}} 상태가 되었습니다',
        text: '{{name}} 님, 안녕하세요.\n\n보내주신 의견 "{{title}}"({{category}})이(가) {{status}} 상태가 되었습니다.\n\nMadang을 더 좋게 만드는 데 도움을 주셔서 감사합니다.\n\n— Madang',
        html: '<p>{{name}} 님, 안녕하세요.</p><p>보내주신 의견 “{{title}}”({{category}})이(가) <strong>{{status}}</strong> 상태가 되었습니다.</p><p>Madang을 더 좋게 만드는 데 도움을 주셔서 감사합니다.</p><p>— Madang</p>',
      },
    },
  },
}
