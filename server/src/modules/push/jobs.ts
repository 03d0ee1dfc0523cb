import { Type, type Static } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import type { JobContext, JobDefinition } from '../../core/jobs/index.ts'
import { liveSessionsOf } from '../accounts/index.ts'
import { composeNotification } from './compose.ts'
import {
  claimOutbox,
  deleteGoneSubscription,
  deleteOutbox,
  deleteSubscriptionOfSession,
  findSubscriptionOfSession,
  deleteOlderOfKind,
  findNeighboursOfKind,
  listOutboxOfJob,
} from './repository.ts'
import { pushRuntime } from './runtime.ts'
import { isAllowedPushHost } from './service.ts'
import type { OutboxRow } from './tables.ts'
import type { Delivery } from './transport.ts'

export const DELIVER_JOB = 'push.deliver'

const DeliverPayload = Type.Object({
  sessionId: Type.String(),
  /** The job of an immediate notice (PushNotice.isImmediate): it sends only the rows it was queued with. */
  isImmediate: Type.Optional(Type.Boolean()),
})
type DeliverPayload = Static<typeof DeliverPayload>

/** What one delivery run did, kept as its task's result. */
export interface DeliverResult {
  outcome: 'delivered' | 'gone' | 'session_ended' | 'not_subscribed' | 'nothing_waiting' | 'superseded'
  /** How many changes the run took from the outbox (and told about, when delivered). */
  changes: number
}

const DELIVER_TIMEOUT_SECONDS = 2 * 60
/** How long an immediate notice waits for an earlier one of its kind still being sent to the device. */
const ORDER_WAIT_MS = 5_000
const ORDER_POLL_MS = 100

export function pushJobs(ctx: Ctx): JobDefinition<never>[] {
  const deliver: JobDefinition<DeliverPayload> = {
    name: DELIVER_JOB,
    payload: DeliverPayload,
    retryLimit: 5,
    retryDelaySeconds: ctx.config.push.retryDelaySeconds,
    timeoutSeconds: DELIVER_TIMEOUT_SECONDS,
    handle: (payload, job) => deliverToDevice(ctx, payload, job),
  }
  return [deliver]
}

/**
 * Sends one device one notification for all its waiting changes, in the user's language (the job
 * of an immediate notice sends that notice alone, leaving the others to their window). Idempotent
 * per device and window: the run claims the waiting changes for itself, a retry sends the same ones
 * (under the same Web Push topic, so an undelivered first copy is replaced), and changes already
 * sent are gone from the outbox. A session that ended meanwhile gets nothing and loses its
 * subscription; a 404/410 from the push service removes the subscription; other failures throw so
 * the job is retried, and the last attempt gives its changes up rather than hold them for ever.
 */
async function deliverToDevice(ctx: Ctx, payload: DeliverPayload, job: JobContext): Promise<DeliverResult> {
  const { sessionId } = payload
  // Changes held longer than a whole run of retries belong to a job that will not come back.
  const staleBefore = new Date(ctx.clock.now().getTime() - 10 * DELIVER_TIMEOUT_SECONDS * 1000)
  const changes =
    payload.isImmediate === true
      ? await listOutboxOfJob(ctx.db, sessionId, job.jobId)
      : await claimOutbox(ctx.db, sessionId, job.jobId, staleBefore)
  const first = changes[0]
  if (first === undefined) return { outcome: 'nothing_waiting', changes: 0 }
  if (payload.isImmediate === true && !(await isNewestOfKind(ctx, first))) {
    await deleteOutbox(
      ctx.db,
      changes.map((c) => c.id),
    )
    return { outcome: 'superseded', changes: changes.length }
  }
  const release = () =>
    deleteOutbox(
      ctx.db,
      changes.map((c) => c.id),
    )
  const done = async (outcome: DeliverResult['outcome']): Promise<DeliverResult> => {
    await release()
    return { outcome, changes: changes.length }
  }

  const live = await liveSessionsOf(ctx, first.userId)
  if (live === null || !live.sessionIds.includes(sessionId)) {
    await deleteSubscriptionOfSession(ctx.db, sessionId)
    return done('session_ended')
  }
  const subscription = await findSubscriptionOfSession(ctx.db, sessionId)
  const transport = subscription === undefined ? null : pushRuntime(ctx).transports[subscription.provider]
  if (subscription === undefined || transport === null) return done('not_subscribed')
  // Rows stored before the host allowlist existed, or under a wider one, are not posted to.
  if (subscription.provider === 'webpush' && !isAllowedPushHost(subscription.endpoint, ctx.config.push.allowedHosts)) {
    await deleteSubscriptionOfSession(ctx.db, sessionId)
    return done('not_subscribed')
  }

  const notification = composeNotification(ctx.i18n, live.locale, changes)
  let delivery: Delivery
  try {
    delivery = await transport.send(subscription, notification, {
      ttlSeconds: ctx.config.push.ttlSeconds,
      topic: job.jobId.replaceAll('-', ''),
    })
  } catch (error) {
    // Out of retries: the changes are dropped rather than held by a job that will never run again.
    if (job.isLastAttempt) await release()
    throw error
  }
  if (delivery === 'gone') await deleteGoneSubscription(ctx.db, subscription.id, subscription.endpoint)
  return done(delivery)
}

/**
 * Immediate notices of one kind (e.g. `rides.trip`) replace each other on the device (the service
 * worker tags notifications by kind), and their jobs may run at once, so they must not arrive out
 * of order ("driver found" after "your driver cancelled"). A notice with a newer one of its kind
 * waiting is dropped (false); otherwise it waits, briefly, for an earlier one still being sent,
 * and then drops any left (they would only arrive after it, stale).
 */
async function isNewestOfKind(ctx: Ctx, row: OutboxRow): Promise<boolean> {
  const kind = row.data.kind
  if (typeof kind !== 'string') return true
  const deadline = Date.now() + ORDER_WAIT_MS
  for (;;) {
    const { hasOlder, hasNewer } = await findNeighboursOfKind(ctx.db, row.sessionId, kind, row.createdAt)
    if (hasNewer) return false
    if (!hasOlder) return true
    if (Date.now() >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, ORDER_POLL_MS))
  }
  await deleteOlderOfKind(ctx.db, row.sessionId, kind, row.createdAt)
  return true
}
