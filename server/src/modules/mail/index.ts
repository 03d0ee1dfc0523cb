/**
 * Mail: staff broadcasts (POST /api/mail/broadcast) sent by the `mail.broadcast` job in each
 * recipient's language. Owns the `mail` schema (per-recipient delivery records). Depends on core
 * (jobs, mail) and accounts (recipients' locales).
 */
import type { ModuleManifest } from '../../core/module.ts'
import { mailJobs } from './jobs.ts'
import { mailRoutes } from './routes.ts'

export const mailModule: ModuleManifest = {
  name: 'mail',
  routes: mailRoutes,
  jobs: mailJobs,
  messages: {
    en: {
      mail: {
        broadcast: {
          subject: '[Madang] {{subject}}',
          text: '{{body}}\n\n—\nYou receive this message as a Madang user.',
          html: '<div style="white-space:pre-wrap">{{body}}</div><hr><p style="color:#666">You receive this message as a Madang user.</p>',
        },
      },
    },
    ko: {
      mail: {
        broadcast: {
          subject: '[Madang] {{subject}}',
          text: '{{body}}\n\n—\nMadang 사용자라서 받는 메일입니다.',
          html: '<div style="white-space:pre-wrap">{{body}}</div><hr><p style="color:#666">Madang 사용자라서 받는 메일입니다.</p>',
        },
      },
    },
  },
}
