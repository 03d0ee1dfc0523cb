import { FeedbackStatus, type FeedbackCategory } from '@madang/contracts'
import { Type, type Static } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import type { JobContext, JobDefinition } from '../../core/jobs/index.ts'
import { isMailDeliveryError, renderMail, type RenderedMail } from '../../core/mail/index.ts'
import { contactsByIds, listStaffContacts, type UserContact } from '../accounts/index.ts'
import { findFeedback, listDeliveries, recordDelivery } from './repository.ts'
import type { FeedbackRow } from './tables.ts'

export const NOTIFY_STAFF_JOB = 'feedback.notify-staff'
export const NOTIFY_AUTHOR_JOB = 'feedback.notify-author'

export const NotifyStaffPayload = Type.Object({ feedbackId: Type.String({ format: 'uuid' }) })
export type NotifyStaffPayload = Static<typeof NotifyStaffPayload>

/** `status` is the one the author is told about: the status as of the change, not as of sending. */
export const NotifyAuthorPayload = Type.Object({ feedbackId: Type.String({ format: 'uuid' }), status: FeedbackStatus })
export type NotifyAuthorPayload = Static<typeof NotifyAuthorPayload>

export interface NotifyResult {
  sent: number
  failed: number
}

/**
 * Mails about feedback, each recipient in their own language. Both jobs are idempotent per
 * recipient: every outcome is recorded under the job id, and a retried run skips everyone already
 * sent to. A refused address is recorded and the others go on; transient failures fail the run so
 * it is retried, until the last attempt.
 */
export function feedbackJobs(ctx: Ctx): JobDefinition<never>[] {
  const retries = { retryLimit: 3, retryDelaySeconds: ctx.config.mail.retryDelaySeconds, timeoutSeconds: 10 * 60 }

  const notifyStaff: JobDefinition<NotifyStaffPayload> = {
    name: NOTIFY_STAFF_JOB,
    payload: NotifyStaffPayload,
    ...retries,
    async handle(payload, job): Promise<NotifyResult> {
      const item = await findFeedback(ctx.db, payload.feedbackId)
      if (item === undefined) return { sent: 0, failed: 0 }
      const [staff, authors] = await Promise.all([listStaffContacts(ctx), contactsByIds(ctx, [item.authorId])])
      const author = authors.get(item.authorId)
      return deliver(ctx, job, staff, (to) =>
        renderMail(ctx.i18n, to.locale, 'feedback_received', {
          id: item.id,
          title: item.title,
          description: item.description,
          category: categoryLabel(ctx, to, item.category),
          author: author === undefined ? item.authorId : `${author.displayName} <${author.email}>`,
          hasScreenshot: ctx.i18n.t(to.locale, `feedback.screenshot.${item.screenshotFile === null ? 'no' : 'yes'}`),
        }),
      )
    },
  }

  const notifyAuthor: JobDefinition<NotifyAuthorPayload> = {
    name: NOTIFY_AUTHOR_JOB,
    payload: NotifyAuthorPayload,
    ...retries,
    async handle(payload, job): Promise<NotifyResult> {
      const item = await findFeedback(ctx.db, payload.feedbackId)
      if (item === undefined) return { sent: 0, failed: 0 }
      const author = (await contactsByIds(ctx, [item.authorId])).get(item.authorId)
      if (author === undefined) return { sent: 0, failed: 0 }
      return deliver(ctx, job, [author], (to) => renderStatusChanged(ctx, to, item, payload.status))
    },
  }

  return [notifyStaff, notifyAuthor]
}

function categoryLabel(ctx: Ctx, to: UserContact, category: FeedbackCategory): string {
  return ctx.i18n.t(to.locale, `feedback.category.${category}`)
}

function renderStatusChanged(ctx: Ctx, to: UserContact, item: FeedbackRow, status: FeedbackStatus): RenderedMail {
  return renderMail(ctx.i18n, to.locale, 'feedback_status_changed', {
    name: to.displayName,
    title: item.title,
    category: categoryLabel(ctx, to, item.category),
    status: ctx.i18n.t(to.locale, `feedback.status.${status}`),
  })
}

/** Sends one message to each recipient not yet sent to by this job, recording every outcome. */
async function deliver(
  ctx: Ctx,
  job: JobContext,
  recipients: readonly UserContact[],
  render: (to: UserContact) => RenderedMail,
): Promise<NotifyResult> {
  const done = new Set(
    (await listDeliveries(ctx.db, job.jobId)).filter((d) => d.status === 'sent').map((d) => d.recipientId),
  )
  let transient = 0
  for (const to of recipients) {
    if (job.signal.aborted) throw new Error('feedback notification cancelled')
    if (done.has(to.userId)) continue
    const base = { jobId: job.jobId, recipientId: to.userId, email: to.email }
    try {
      const sent = await ctx.mail.send({
        to: to.email,
        ...render(to),
        // The same Message-ID on a retry lets the receiving side recognise a duplicate.
        messageId: `<feedback-${job.jobId}-${to.userId}@madang>`,
      })
      await recordDelivery(ctx.db, { ...base, status: 'sent', messageId: sent.messageId })
    } catch (error) {
      if (!isMailDeliveryError(error)) throw error
      if (!error.permanent) transient += 1
      await recordDelivery(ctx.db, {
        ...base,
        status: 'failed',
        errorCode: error.responseCode === null ? error.code : String(error.responseCode),
        errorMessage: error.response ?? error.message,
      })
    }
  }
  if (transient > 0 && !job.isLastAttempt) {
    throw new Error(`${transient} recipient(s) failed transiently; retrying them`)
  }
  const outcomes = await listDeliveries(ctx.db, job.jobId)
  return {
    sent: outcomes.filter((d) => d.status === 'sent').length,
    failed: outcomes.filter((d) => d.status === 'failed').length,
  }
}
