import { FeedbackStatus, type Feedback } from '@madang/contracts'
import { useTranslation } from 'react-i18next'
import { useSignedIn } from '../../app/session-hooks.ts'
import { formatInstant } from '../../lib/dates.ts'

/**
 * How a piece of feedback reads wherever it shows: the author's own list here, the staff inbox and
 * detail. Its labels live in this namespace (`settings:feedback.*`) for all of them.
 */

export const FEEDBACK_STATUSES = FeedbackStatus.enum as readonly FeedbackStatus[]

/** Where staff are with it, as a badge. */
export function FeedbackStatusBadge({ status }: { status: FeedbackStatus }) {
  const { t } = useTranslation('settings')
  return <span className={`badge badge-${status}`}>{t(`feedback.statuses.${status}`)}</span>
}

/** One labelled <option> per status, for a <select> of statuses. */
export function FeedbackStatusOptions() {
  const { t } = useTranslation('settings')
  return FEEDBACK_STATUSES.map((status) => (
    <option key={status} value={status}>
      {t(`feedback.statuses.${status}`)}
    </option>
  ))
}

/** The line under its title: the category, when it was sent (in the user's zone), then `extra` if any. */
export function FeedbackMeta({ item, extra }: { item: Feedback; extra?: string | null }) {
  const { t, i18n } = useTranslation('settings')
  const { user } = useSignedIn()
  return (
    <p className="device-meta">
      {t(`feedback.categories.${item.category}`)}
      <span aria-hidden="true"> · </span>
      <time dateTime={item.createdAt}>{formatInstant(item.createdAt, i18n.language, user.timeZone)}</time>
      {extra && (
        <>
          <span aria-hidden="true"> · </span>
          {extra}
        </>
      )}
    </p>
  )
}
