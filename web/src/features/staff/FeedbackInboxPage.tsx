import type { FeedbackStatus } from '@madang/contracts'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { FormError } from '../../components/ui/FormError.tsx'
import { LoadMoreButton } from '../../components/ui/LoadMoreButton.tsx'
import {
  FEEDBACK_STATUSES,
  FeedbackMeta,
  FeedbackStatusBadge,
  FeedbackStatusOptions,
} from '../settings/FeedbackMeta.tsx'
import { listFeedback, staffKeys } from './queries.ts'
import { Button } from '../../components/ui/Button.tsx'

function parseStatus(value: string | null): FeedbackStatus | null {
  return FEEDBACK_STATUSES.find((status) => status === value) ?? null
}

/** Everyone's feedback, newest first, a page at a time, optionally of one status. */
export function FeedbackInboxPage() {
  const { t } = useTranslation('staff')
  const id = useId()
  const [params, setParams] = useSearchParams()
  const status = parseStatus(params.get('status'))
  const inbox = useInfiniteQuery({
    queryKey: staffKeys.inbox(status),
    queryFn: ({ pageParam }) => listFeedback(status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  })
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="staff-inbox">
      <div className="staff-heading">
        <h2 id={`${id}-title`}>{t('feedback.inbox')}</h2>
        <Button className="button" isBusy={inbox.isFetching} onClick={() => void inbox.refetch()}>
          {t('refresh')}
        </Button>
      </div>
      <div className="field staff-filter">
        <label htmlFor={`${id}-status`}>{t('feedback.filter')}</label>
        <select
          id={`${id}-status`}
          value={status ?? ''}
          onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {}, { replace: true })}
        >
          <option value="">{t('feedback.all')}</option>
          <FeedbackStatusOptions />
        </select>
      </div>
      {inbox.isPending && <p>{t('common:loading')}</p>}
      {inbox.isError && <FormError error={inbox.error} />}
      {inbox.isSuccess && items.length === 0 && <p className="field-hint">{t('feedback.empty')}</p>}
      <ul className="staff-list">
        {items.map((item) => (
          <li key={item.id} className="staff-item" data-testid="inbox-item">
            <div className="feedback-item-head">
              <Link to={`/staff/feedback/${item.id}`} className="feedback-item-title">
                {item.title}
              </Link>
              <FeedbackStatusBadge status={item.status} />
            </div>
            <p className="staff-excerpt">{item.description}</p>
            <FeedbackMeta item={item} extra={item.screenshot && t('settings:feedback.hasScreenshot')} />
          </li>
        ))}
      </ul>
      <LoadMoreButton query={inbox} />
    </section>
  )
}
