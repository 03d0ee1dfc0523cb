import { BroadcastBody, type BroadcastResult } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { JobDefinition } from '../../core/jobs/index.ts'
import { isMailDeliveryError, renderMail } from '../../core/mail/index.ts'
import { localesByEmail } from '../accounts/index.ts'
import { listDeliveries, recordDelivery } from './repository.ts'

export const BROADCAST_JOB = 'mail.broadcast'

/**
 * Sends a broadcast to each recipient in their own language, recording every outcome. Idempotent:
 * a retried run skips everyone already sent to. A refused address is recorded and the rest go on;
 * transient failures make the run fail so it is retried, until the last attempt, which reports them.
 */
export function mailJobs(ctx: Ctx): JobDefinition<never>[] {
  const broadcast: JobDefinition<BroadcastBody> = {
    name: BROADCAST_JOB,
    payload: BroadcastBody,
    retryLimit: 3,
    retryDelaySeconds: ctx.config.mail.retryDelaySeconds,
    timeoutSeconds: 30 * 60,
    async handle(payload, job): Promise<BroadcastResult> {
      const done = new Map((await listDeliveries(ctx.db, job.jobId)).map((d) => [d.recipient, d]))
      const locales = await localesByEmail(ctx, payload.recipients)
      let transient = 0
      for (const [index, recipient] of payload.recipients.entries()) {
        if (job.signal.aborted) throw new Error('broadcast cancelled')
        if (done.get(recipient)?.status === 'sent') continue
        const locale = locales.get(recipient.toLowerCase()) ?? 'ko'
        const rendered = renderMail(ctx.i18n, locale, 'broadcast', { subject: payload.subject, body: payload.text })
        try {
          const sent = await ctx.mail.send({
            to: recipient,
            ...rendered,
            messageId: `<broadcast-${job.jobId}-${index}@madang>`,
          })
          await recordDelivery(ctx.db, { taskId: job.jobId, recipient, status: 'sent', messageId: sent.messageId })
        } catch (error) {
          if (!isMailDeliveryError(error)) throw error
          if (!error.permanent) transient += 1
          await recordDelivery(ctx.db, {
            taskId: job.jobId,
            recipient,
            status: 'failed',
            errorCode: error.responseCode === null ? error.code : String(error.responseCode),
            errorMessage: error.response ?? error.message,
          })
        }
        await job.progress(((index + 1) / payload.recipients.length) * 100, `${index + 1}/${payload.recipients.length}`)
      }
      if (transient > 0 && !job.isLastAttempt) {
        throw new Error(`${transient} recipient(s) failed transiently; retrying them`)
      }
      const outcomes = await listDeliveries(ctx.db, job.jobId)
      return {
        sent: outcomes.filter((d) => d.status === 'sent').length,
        failed: outcomes
          .filter((d) => d.status === 'failed')
          .map((d) => ({ recipient: d.recipient, code: d.errorCode ?? 'unknown', reason: d.errorMessage ?? '' })),
      }
    },
  }
  return [broadcast]
}
