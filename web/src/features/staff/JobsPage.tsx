import type { JobsOverview, TaskState } from '@madang/contracts'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatInstant } from '../../lib/dates.ts'
import { cancelJob, getJobsOverview, retryJob, staffKeys } from './queries.ts'
import { Button } from '../../components/ui/Button.tsx'

const STATES: readonly TaskState[] = ['queued', 'active', 'retrying', 'completed', 'failed', 'cancelled']
const RETRYABLE: readonly TaskState[] = ['failed', 'cancelled']
const CANCELLABLE: readonly TaskState[] = ['queued', 'active', 'retrying']
/** Often enough to watch a queue drain, rarely enough not to load the server. */
const REFRESH_MS = 15_000

type Failure = JobsOverview['recentFailures'][number]

/** Counts per job and state, and the latest failures with their errors, to retry or cancel. */
export function JobsPage() {
  const { t, i18n } = useTranslation('staff')
  const { user } = useSignedIn()
  const jobs = useQuery({ queryKey: staffKeys.jobs, queryFn: getJobsOverview, refetchInterval: REFRESH_MS })
  const when = (iso: string) => formatInstant(iso, i18n.language, user.timeZone)
  const failuresHeading = useRef<HTMLHeadingElement>(null)
  // A retried or cancelled failure leaves the list, its buttons with it: the list's heading takes the focus.
  const afterResolved = () => failuresHeading.current?.focus()
  return (
    <>
      <section className="card" aria-labelledby="staff-queues" data-testid="staff-queues">
        <div className="staff-heading">
          <h2 id="staff-queues">{t('jobs.queues')}</h2>
          <Button className="button" isBusy={jobs.isFetching} onClick={() => void jobs.refetch()}>
            {jobs.isFetching ? t('common:loading') : t('refresh')}
          </Button>
        </div>
        {jobs.dataUpdatedAt > 0 && (
          <p className="field-hint" aria-live="polite">
            {t('jobs.updatedAt', {
              when: formatInstant(new Date(jobs.dataUpdatedAt).toISOString(), i18n.language, user.timeZone, {
                timeStyle: 'medium',
              }),
            })}
          </p>
        )}
        {jobs.isPending && <p>{t('common:loading')}</p>}
        {jobs.isError && <FormError error={jobs.error} />}
        {jobs.data && jobs.data.queues.length === 0 && <p className="field-hint">{t('jobs.noQueues')}</p>}
        {jobs.data && jobs.data.queues.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('jobs.countsTable')}>
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('jobs.job')}</th>
                  {STATES.map((state) => (
                    <th key={state} scope="col" className="number">
                      {t(`jobs.states.${state}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {jobs.data.queues.map((queue) => (
                  <tr key={queue.job} data-testid="queue-row">
                    <th scope="row">
                      <code>{queue.job}</code>
                    </th>
                    {STATES.map((state) => (
                      <td
                        key={state}
                        className={`number${state === 'failed' && queue.counts.failed > 0 ? ' staff-failed' : ''}`}
                      >
                        {queue.counts[state]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="staff-failures" data-testid="staff-failures">
        <h2 id="staff-failures" ref={failuresHeading} tabIndex={-1}>
          {t('jobs.failures')}
        </h2>
        {jobs.data && jobs.data.recentFailures.length === 0 && <p className="field-hint">{t('jobs.noFailures')}</p>}
        <ul className="staff-list">
          {jobs.data?.recentFailures.map((failure) => (
            <FailureRow key={failure.id} failure={failure} when={when} onResolved={afterResolved} />
          ))}
        </ul>
      </section>
    </>
  )
}

function FailureRow({
  failure,
  when,
  onResolved,
}: {
  failure: Failure
  when: (iso: string) => string
  onResolved: () => void
}) {
  const { t } = useTranslation('staff')
  const queryClient = useQueryClient()
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: staffKeys.jobs })
    onResolved()
  }
  const retry = useMutation({ mutationFn: () => retryJob(failure.id), onSuccess: refresh })
  const cancel = useMutation({ mutationFn: () => cancelJob(failure.id), onSuccess: refresh })
  const isBusy = retry.isPending || cancel.isPending
  return (
    <li className="staff-item" data-testid="failure">
      <div className="staff-item-head">
        <code>{failure.job}</code>
        <span className={`badge badge-${failure.state}`}>{t(`jobs.states.${failure.state}`)}</span>
      </div>
      <p className="staff-error">{failure.error?.message ?? t('jobs.noError')}</p>
      <p className="device-meta">
        {t('jobs.attempts', { count: failure.attempts })}
        <span aria-hidden="true"> · </span>
        {t('jobs.failedAt', { when: when(failure.finishedAt ?? failure.updatedAt) })}
        {failure.error?.code && (
          <>
            <span aria-hidden="true"> · </span>
            <code>{failure.error.code}</code>
          </>
        )}
      </p>
      <div className="settings-actions">
        {RETRYABLE.includes(failure.state) && (
          <Button
            className="button"
            isBusy={isBusy}
            onClick={() => retry.mutate()}
            aria-label={t('jobs.retryNamed', { job: failure.job })}
          >
            {t('jobs.retry')}
          </Button>
        )}
        {CANCELLABLE.includes(failure.state) && (
          <Button
            className="button button-danger"
            isBusy={isBusy}
            onClick={() => cancel.mutate()}
            aria-label={t('jobs.cancelNamed', { job: failure.job })}
          >
            {t('jobs.cancel')}
          </Button>
        )}
      </div>
      <FormError error={retry.error ?? cancel.error} />
    </li>
  )
}
