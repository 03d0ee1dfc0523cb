import { FEEDBACK_STATUS_CHANGED_EVENT } from '@madang/contracts'
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useChannel } from '../../app/realtime-context.tsx'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatInstant } from '../../lib/dates.ts'
import { listMyFeedback, settingsKeys } from './queries.ts'
import { LoadMoreButton } from '../../components/ui/LoadMoreButton.tsx'

/** What the user has sent, newest first, with where staff are with each. */
export function MyFeedbackList() {
  const { t, i18n } = useTranslation('settings')
  const { user } = useSignedIn()
  const mine = useInfiniteQuery({
    queryKey: settingsKeys.myFeedback,
    queryFn: ({ pageParam }) => listMyFeedback(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  })
  const queryClient = useQueryClient()
  const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKeys.myFeedback })
  // Staff changing a status shows here at once.
  useChannel('user', {
    onEvent: (event) => {
      if (event.event === FEEDBACK_STATUS_CHANGED_EVENT) refresh()
    },
    onResync: refresh,
  })
  const items = mine.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <div className="my-feedback">
      <h2>{t('feedback.mineTitle')}</h2>
      {mine.isPending && <p>{t('common:loading')}</p>}
      {mine.isError && <FormError error={mine.error} />}
      {mine.isSuccess && items.length === 0 && <p className="field-hint">{t('feedback.mineEmpty')}</p>}
      <ul className="feedback-list">
        {items.map((item) => (
          <li key={item.id} className="feedback-item" data-testid="my-feedback">
            <div className="feedback-item-head">
              <span className="feedback-item-title">{item.title}</span>
              <span className={`badge badge-${item.status}`}>{t(`feedback.statuses.${item.status}`)}</span>
            </div>
            <p className="device-meta">
              {t(`feedback.categories.${item.category}`)}
              <span aria-hidden="true"> · </span>
              <time dateTime={item.createdAt}>{formatInstant(item.createdAt, i18n.language, user.timeZone)}</time>
              {item.screenshot !== null && (
                <>
                  <span aria-hidden="true"> · </span>
                  {t('feedback.hasScreenshot')}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <LoadMoreButton query={mine} />
    </div>
  )
}
