import { FeedbackStatus } from '@madang/contracts'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatInstant } from '../../lib/dates.ts'
import { listFeedback, staffKeys } from './queries.ts'
import { LoadMoreButton } from '../../components/ui/LoadMoreButton.tsx'

const STATUSES = FeedbackStatus.enum as readonly FeedbackStatus[]

function parseStatus(value: string | null): FeedbackStatus | null {
  return STATUSES.find((status) => status === value) ?? null
}

/** Everyone's feedback, newest first, a page at a time, optionally of one status. */
export function FeedbackInboxPage() {
  const { t, i18n } = useTranslation('staff')
  const { user } = useSignedIn()
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
        <button type="button" className="button" disabled={inbox.isFetching} onClick={() => void inbox.refetch()}>
          {t('refresh')}
        </button>
      </div>
      <div className="field staff-filter">
        <label htmlFor={`${id}-status`}>{t('feedback.filter')}</label>
        <select
          id={`${id}-status`}
          value={status ?? ''}
          onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {}, { replace: true })}
        >
          <option value="">{t('feedback.all')}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`feedback.statuses.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {inbox.isPending && <p>{t('common:loading')}</p>}
      {inbox.isError && <FormError error={inbox.error} />}
      {inbox.isSuccess && items.length === 0 && <p className="field-hint">{t('feedback.empty')}</p>}
      <ul className="staff-list">
        {items.map((item) => (
          <li key={item.id} className="staff-item" data-testid="inbox-item">
            <div className="staff-item-head">
              <Link to={`/staff/feedback/${item.id}`} className="staff-item-link">
                {item.title}
              </Link>
              <span className={`badge badge-${item.status}`}>{t(`feedback.statuses.${item.status}`)}</span>
            </div>
            <p className="staff-excerpt">{item.description}</p>
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
      <LoadMoreButton query={inbox} />
    </section>
  )
}
