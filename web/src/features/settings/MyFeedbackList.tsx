import { FEEDBACK_STATUS_CHANGED_EVENT } from '@madang/contracts'
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useChannel } from '../../app/realtime-context.tsx'
import { FormError } from '../../components/ui/FormError.tsx'
import { LoadMoreButton } from '../../components/ui/LoadMoreButton.tsx'
import { FeedbackMeta, FeedbackStatusBadge } from './FeedbackMeta.tsx'
import { listMyFeedback, settingsKeys } from './queries.ts'

/** What the user has sent, newest first, with where staff are with each. */
export function MyFeedbackList() {
  const { t } = useTranslation('settings')
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
              <FeedbackStatusBadge status={item.status} />
            </div>
            <FeedbackMeta item={item} extra={item.screenshot && t('feedback.hasScreenshot')} />
          </li>
        ))}
      </ul>
      <LoadMoreButton query={mine} />
    </div>
  )
}
