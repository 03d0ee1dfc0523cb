import { createECDH } from 'node:crypto'
import type { PushSubscription, PushSubscriptionBody, VapidPublicKey } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { Actor } from '../../core/auth/actor.ts'
import type { Executor } from '../../core/db/index.ts'
import { AppError, type FieldIssue } from '../../core/errors/app-error.ts'
import { liveSessionsOf } from '../accounts/index.ts'
import { DELIVER_JOB } from './jobs.ts'
import {
  deleteSubscriptionOfSession,
  findSubscriptionOfSession,
  insertOutbox,
  listSubscribedSessionIds,
  upsertSubscription,
} from './repository.ts'
import { pushRuntime } from './runtime.ts'
import type { SubscriptionRow, Urgency } from './tables.ts'

/** A change to tell a user's devices about; see notifyOtherDevices. */
export interface PushNotice {
  userId: string
  /** The device that made the change (actor.sessionId), which is not told; null tells every device. */
  exceptSessionId: string | null
  /** i18n key of a `{ title, body }` pair the calling module registers, e.g. `planner.push.changed`. */
  message: { key: string; params?: Record<string, string | number> }
  /** Handed to the device with the notification, e.g. `{ url, kind }`. At most 2 KB as JSON. */
  data?: Record<string, unknown>
  /** How soon the device should be woken; `normal` unless said. */
  urgency?: Urgency
  /**
   * Sends the notice at once, in a notification of its own, instead of holding it for
   * PUSH_COALESCE_SECONDS with the device's other changes: for time-critical notices whose own
   * words matter (a taxi driver on the way), which a delay or a "3 changes" summary would spoil.
   * False unless said.
   */
  isImmediate?: boolean
}

/** Web Push payloads must fit in about 4 KB once encrypted; title and body need their share. */
const MAX_DATA_BYTES = 2048

/**
 * Tells every other live device of `notice.userId` that has a push subscription about a change,
 * in the user's language, from the `push.deliver` job. Call it inside the transaction that makes
 * the change: nothing is sent if it rolls back. Changes for one device within
 * PUSH_COALESCE_SECONDS become one notification ("3 changes"), unless `isImmediate`, which is
 * sent at once and alone. Revoked or expired sessions get
 * nothing. Returns how many devices will be told. Throws (a programming error) when the message
 * key is not registered or `data` is too large.
 */
export async function notifyOtherDevices(ctx: Ctx, tx: Executor, notice: PushNotice): Promise<{ devices: number }> {
  const { key } = notice.message
  if (!ctx.i18n.has(`${key}.title`) || !ctx.i18n.has(`${key}.body`)) {
    throw new Error(`push message ${key} needs ${key}.title and ${key}.body in the module's messages`)
  }
  if (Buffer.byteLength(JSON.stringify(notice.data ?? {})) > MAX_DATA_BYTES) {
    throw new Error(`push data for ${key} is larger than ${MAX_DATA_BYTES} bytes`)
  }
  const live = await liveSessionsOf(ctx, notice.userId, tx)
  if (live === null) return { devices: 0 }
  const isLive = new Set(live.sessionIds)
  const targets = (await listSubscribedSessionIds(tx, notice.userId)).filter(
    (sessionId) => sessionId !== notice.exceptSessionId && isLive.has(sessionId),
  )
  await queueDeliveries(ctx, tx, notice, targets)
  return { devices: targets.length }
}

/** Puts the change in each device's outbox and makes sure a delivery job will come for it. */
async function queueDeliveries(ctx: Ctx, tx: Executor, notice: PushNotice, sessionIds: readonly string[]) {
  const at = ctx.clock.now()
  const row = (sessionId: string, jobId: string | null) => ({
    sessionId,
    userId: notice.userId,
    messageKey: notice.message.key,
    params: notice.message.params ?? {},
    data: notice.data ?? {},
    urgency: notice.urgency ?? 'normal',
    createdAt: at,
    jobId,
  })
  if (notice.isImmediate === true) {
    // The row is the job's from the start, so a coalescing job of the device never takes it, and
    // the job takes only it (see deliverToDevice).
    for (const sessionId of sessionIds) {
      const { taskId } = await ctx.jobs.enqueue(tx, DELIVER_JOB, { sessionId, isImmediate: true })
      await insertOutbox(tx, [row(sessionId, taskId)])
    }
    return
  }
  await insertOutbox(
    tx,
    sessionIds.map((sessionId) => row(sessionId, null)),
  )
  const seconds = ctx.config.push.coalesceSeconds
  for (const sessionId of sessionIds) {
    if (seconds === 0) {
      await ctx.jobs.enqueue(tx, DELIVER_JOB, { sessionId })
      continue
    }
    // The first change of a slot schedules the device's job one window later; the others of the
    // slot create none (pg-boss throttling) and wait in the outbox, where that job finds them.
    await ctx.jobs.enqueueThrottled(
      tx,
      DELIVER_JOB,
      { sessionId },
      { key: sessionId, seconds },
      { startAfter: new Date(at.getTime() + seconds * 1000) },
    )
  }
}

/** The VAPID public key browsers subscribe with: the configured one, else the one generated on first use. */
export async function getVapidPublicKey(ctx: Ctx): Promise<VapidPublicKey> {
  const { publicKey } = await pushRuntime(ctx).vapidKeys()
  return { publicKey }
}

/**
 * Registers the calling device for push, replacing its earlier registration; an endpoint another
 * session of the browser registered before moves to this one. A Web Push subscription needs an
 * https endpoint and valid keys; `fcm` needs a token and is push.provider_unavailable unless FCM is
 * configured.
 */
export async function registerSubscription(
  ctx: Ctx,
  actor: Actor,
  body: PushSubscriptionBody,
): Promise<PushSubscription> {
  const target = readTarget(ctx, body)
  const row = await ctx.transaction((tx) =>
    upsertSubscription(tx, {
      sessionId: actor.sessionId,
      userId: actor.userId,
      ...target,
      updatedAt: ctx.clock.now(),
    }),
  )
  return presentSubscription(row)
}

/** Stops push notifications to the calling device. Idempotent. */
export async function removeSubscription(ctx: Ctx, actor: Actor): Promise<void> {
  await deleteSubscriptionOfSession(ctx.db, actor.sessionId)
}

/**
 * Sends the calling device a test notification (push.test) from the delivery job, coalesced like
 * any other, and returns the subscription it goes to. push.subscription_not_found when this device
 * has not registered.
 */
export async function sendTestNotification(ctx: Ctx, actor: Actor): Promise<PushSubscription> {
  return ctx.transaction(async (tx) => {
    const subscription = await findSubscriptionOfSession(tx, actor.sessionId)
    if (subscription === undefined) throw new AppError('push.subscription_not_found')
    const notice = { userId: actor.userId, exceptSessionId: null, message: { key: 'push.test' } }
    await queueDeliveries(ctx, tx, notice, [actor.sessionId])
    return presentSubscription(subscription)
  })
}

type Target = Pick<SubscriptionRow, 'provider' | 'endpoint' | 'p256dh' | 'auth'>

/** The provider and address of a registration, or http.validation_failed naming each wrong field. */
function readTarget(ctx: Ctx, body: PushSubscriptionBody): Target {
  const issues: FieldIssue[] = []
  const required = (field: string) => issues.push({ pointer: `/body/${field}`, code: 'validation.required' })
  const unexpected = (field: string) =>
    issues.push({ pointer: `/body/${field}`, code: 'validation.additionalProperties' })
  if (body.provider === 'fcm') {
    if (ctx.config.push.fcm === null) throw new AppError('push.provider_unavailable', { params: { provider: 'FCM' } })
    if (body.token === undefined) required('token')
    if (body.endpoint !== undefined) unexpected('endpoint')
    if (body.keys !== undefined) unexpected('keys')
    if (issues.length > 0 || body.token === undefined)
      throw new AppError('http.validation_failed', { fieldErrors: issues })
    return { provider: 'fcm', endpoint: body.token, p256dh: null, auth: null }
  }
  if (body.endpoint === undefined) required('endpoint')
  if (body.keys === undefined) required('keys')
  if (body.token !== undefined) unexpected('token')
  if (body.keys !== undefined) {
    if (!isP256PublicKey(body.keys.p256dh)) issues.push({ pointer: '/body/keys/p256dh', code: 'validation.invalid' })
    if (Buffer.from(body.keys.auth, 'base64url').length !== 16) {
      issues.push({ pointer: '/body/keys/auth', code: 'validation.invalid' })
    }
  }
  if (issues.length > 0 || body.endpoint === undefined || body.keys === undefined) {
    throw new AppError('http.validation_failed', { fieldErrors: issues })
  }
  if (!isAllowedPushHost(body.endpoint, ctx.config.push.allowedHosts)) {
    throw new AppError('push.endpoint_not_allowed', { params: { host: hostOf(body.endpoint) } })
  }
  return { provider: 'webpush', endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth }
}

/** True for an uncompressed point on P-256: what the payload is encrypted to. */
function isP256PublicKey(base64url: string): boolean {
  const key = Buffer.from(base64url, 'base64url')
  if (key.length !== 65 || key[0] !== 4) return false
  try {
    const ecdh = createECDH('prime256v1')
    ecdh.generateKeys()
    ecdh.computeSecret(key)
    return true
  } catch {
    return false
  }
}

function presentSubscription(row: SubscriptionRow): PushSubscription {
  return {
    id: row.id,
    provider: row.provider,
    sessionId: row.sessionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** True when the endpoint's host is one of `allowed` (`*.example.com` matches subdomains, `*` any host). */
export function isAllowedPushHost(endpoint: string, allowed: readonly string[]): boolean {
  const host = hostOf(endpoint)
  return allowed.some((entry) =>
    entry === '*' ? true : entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry,
  )
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname.toLowerCase()
  } catch {
    return ''
  }
}
