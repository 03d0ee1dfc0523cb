import type { Locale, PushPayload } from '@madang/contracts'
import type { I18n } from '../../core/i18n/index.ts'
import { URGENCIES, type Urgency } from './tables.ts'

/** One waiting change for a device, as the delivery job reads it from the outbox. */
export interface PendingChange {
  messageKey: string
  params: Record<string, string | number>
  data: Record<string, unknown>
  urgency: Urgency
}

export interface Notification {
  payload: PushPayload
  urgency: Urgency
}

/**
 * The one notification a device gets for its waiting changes (oldest first), in `locale`. A single
 * change says its own title and body. Several say how many there were ("3 changes"), under their
 * title when they are all of one kind, else a generic one; the data is the latest change's, so a
 * tap opens what changed last. The most urgent change sets the urgency.
 */
export function composeNotification(i18n: I18n, locale: Locale, changes: readonly PendingChange[]): Notification {
  const latest = changes.at(-1)
  if (latest === undefined) throw new Error('a notification needs at least one change')
  const urgency = URGENCIES[Math.max(...changes.map((c) => URGENCIES.indexOf(c.urgency)))] ?? 'normal'
  if (changes.length === 1) {
    return {
      urgency,
      payload: {
        title: i18n.t(locale, `${latest.messageKey}.title`, latest.params),
        body: i18n.t(locale, `${latest.messageKey}.body`, latest.params),
        count: 1,
        data: latest.data,
      },
    }
  }
  const isOneKind = changes.every((c) => c.messageKey === latest.messageKey)
  return {
    urgency,
    payload: {
      title: isOneKind
        ? i18n.t(locale, `${latest.messageKey}.title`, latest.params)
        : i18n.t(locale, 'push.summary.title'),
      body: i18n.t(locale, 'push.summary.body', { count: changes.length }),
      count: changes.length,
      data: latest.data,
    },
  }
}
