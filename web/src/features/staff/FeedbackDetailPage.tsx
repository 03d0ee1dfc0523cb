import type { Feedback, FeedbackStatus } from '@madang/contracts'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { BlobImage } from '../../components/ui/BlobImage.tsx'
import { FormError } from '../../components/ui/FormError.tsx'
import { FeedbackMeta, FeedbackStatusBadge, FeedbackStatusOptions } from '../settings/FeedbackMeta.tsx'
import { fetchProtectedBlob, getFeedback, setFeedbackStatus, staffKeys } from './queries.ts'
import { Button } from '../../components/ui/Button.tsx'

/** One piece of feedback: the message, the screenshot, and its status to change. */
export function FeedbackDetailPage() {
  const { t } = useTranslation('staff')
  const { id = '' } = useParams()
  const feedback = useQuery({ queryKey: staffKeys.feedback(id), queryFn: () => getFeedback(id) })
  return (
    <>
      <p>
        <Link to="/staff/feedback">← {t('feedback.back')}</Link>
      </p>
      {feedback.isPending && <p>{t('common:loading')}</p>}
      {feedback.isError && <FormError error={feedback.error} />}
      {feedback.data && <FeedbackDetail item={feedback.data} />}
    </>
  )
}

function FeedbackDetail({ item }: { item: Feedback }) {
  const { t } = useTranslation('staff')
  const id = useId()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<FeedbackStatus>(item.status)
  const screenshot = useQuery({
    queryKey: staffKeys.screenshot(item.id),
    queryFn: ({ signal }) => fetchProtectedBlob(item.screenshot?.url ?? '', signal),
    enabled: item.screenshot !== null,
    staleTime: Infinity,
  })
  const save = useMutation({
    mutationFn: (next: FeedbackStatus) => setFeedbackStatus(item.id, next),
    onSuccess: async (updated) => {
      queryClient.setQueryData(staffKeys.feedback(item.id), updated)
      await queryClient.invalidateQueries({ queryKey: staffKeys.inboxAll })
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(status)
  }
  return (
    <article className="card staff-detail" aria-labelledby={`${id}-title`} data-testid="feedback-detail">
      <div className="staff-item-head">
        <h2 id={`${id}-title`}>{item.title}</h2>
        <FeedbackStatusBadge status={item.status} />
      </div>
      <FeedbackMeta item={item} extra={t('feedback.author', { id: item.authorId })} />
      <h3>{t('feedback.message')}</h3>
      <p className="staff-message" data-testid="feedback-message">
        {item.description}
      </p>
      <h3>{t('feedback.screenshot')}</h3>
      {item.screenshot === null && <p className="field-hint">{t('feedback.noScreenshot')}</p>}
      {screenshot.isPending && item.screenshot !== null && <p>{t('common:loading')}</p>}
      {screenshot.isError && <FormError error={screenshot.error} />}
      {screenshot.data !== undefined && (
        <figure className="staff-screenshot">
          <BlobImage blob={screenshot.data} alt={t('feedback.screenshotAlt', { title: item.title })} />
        </figure>
      )}
      <form className="staff-status-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('feedback.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              save.reset()
              setStatus(event.target.value as FeedbackStatus)
            }}
          >
            <FeedbackStatusOptions />
          </select>
        </div>
        <div className="settings-actions">
          <Button
            type="submit"
            className="button button-primary"
            isBusy={save.isPending}
            isDisabled={status === item.status}
          >
            {t('feedback.saveStatus')}
          </Button>
          <span className="settings-status" role="status">
            {save.isSuccess ? t('feedback.statusSaved') : ''}
          </span>
        </div>
        <FormError error={save.error} />
      </form>
    </article>
  )
}
