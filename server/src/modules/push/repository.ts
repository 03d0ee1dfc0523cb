import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/index.ts'
import { outbox, subscriptions, vapidKeys, type OutboxRow, type SubscriptionRow, type VapidKeyPair } from './tables.ts'

export async function findVapidKeys(db: Executor): Promise<VapidKeyPair | undefined> {
  const [row] = await db
    .select({ publicKey: vapidKeys.publicKey, privateKey: vapidKeys.privateKey })
    .from(vapidKeys)
    .where(eq(vapidKeys.id, 1))
  return row
}

/** Stores the pair unless one is stored already; of racing processes the first one wins. */
export async function insertVapidKeysIfAbsent(db: Executor, keys: VapidKeyPair): Promise<void> {
  await db
    .insert(vapidKeys)
    .values({ id: 1, ...keys })
    .onConflictDoNothing({ target: vapidKeys.id })
}

/**
 * Makes `values` the subscription of its session, replacing the session's previous one; the same
 * endpoint registered earlier by another session (the browser signed in again) moves to this one.
 */
export async function upsertSubscription(
  db: Executor,
  values: Omit<typeof subscriptions.$inferInsert, 'id' | 'createdAt'> & { updatedAt: Date },
): Promise<SubscriptionRow> {
  await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.endpoint, values.endpoint), ne(subscriptions.sessionId, values.sessionId)))
  const [row] = await db
    .insert(subscriptions)
    .values({ ...values, createdAt: values.updatedAt })
    .onConflictDoUpdate({
      target: subscriptions.sessionId,
      set: {
        provider: values.provider,
        endpoint: values.endpoint,
        p256dh: values.p256dh ?? null,
        auth: values.auth ?? null,
        updatedAt: values.updatedAt,
      },
    })
    .returning()
  if (row === undefined) throw new Error('upsert into push.subscriptions returned no row')
  return row
}

export async function findSubscriptionOfSession(db: Executor, sessionId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.sessionId, sessionId))
  return row
}

export async function deleteSubscriptionOfSession(db: Executor, sessionId: string): Promise<boolean> {
  const rows = await db
    .delete(subscriptions)
    .where(eq(subscriptions.sessionId, sessionId))
    .returning({ id: subscriptions.id })
  return rows.length > 0
}

/**
 * Deletes a subscription the push service called gone, only while it still has that endpoint: a
 * device that has meanwhile registered a new one keeps it.
 */
export async function deleteGoneSubscription(db: Executor, id: string, endpoint: string): Promise<void> {
  await db.delete(subscriptions).where(and(eq(subscriptions.id, id), eq(subscriptions.endpoint, endpoint)))
}

/** The sessions of a user that have a subscription. */
export async function listSubscribedSessionIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ sessionId: subscriptions.sessionId })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
  return rows.map((r) => r.sessionId)
}

export async function insertOutbox(db: Executor, rows: Array<typeof outbox.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(outbox).values(rows)
}

/**
 * Claims for `jobId` every waiting notification of a device, plus those it claimed on an earlier
 * attempt. Rows another job has claimed are skipped, so two jobs of one device never send the same,
 * unless they are older than `staleBefore`: their job was cancelled or died on its last attempt.
 */
export async function claimOutbox(
  db: Executor,
  sessionId: string,
  jobId: string,
  staleBefore: Date,
): Promise<OutboxRow[]> {
  const rows = await db
    .update(outbox)
    .set({ jobId })
    .where(
      and(
        eq(outbox.sessionId, sessionId),
        or(isNull(outbox.jobId), eq(outbox.jobId, jobId), lt(outbox.createdAt, staleBefore)),
      ),
    )
    .returning()
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}

/** A device's notifications queued as `jobId`'s from the start (an immediate notice's job), oldest first. */
export async function listOutboxOfJob(db: Executor, sessionId: string, jobId: string): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.sessionId, sessionId), eq(outbox.jobId, jobId)))
    .orderBy(asc(outbox.createdAt))
}

/** Whether the device has waiting notices of this kind made before, and after, `createdAt`. */
export async function findNeighboursOfKind(
  db: Executor,
  sessionId: string,
  kind: string,
  createdAt: Date,
): Promise<{ hasOlder: boolean; hasNewer: boolean }> {
  const rows = await db
    .select({ createdAt: outbox.createdAt })
    .from(outbox)
    .where(
      and(
        eq(outbox.sessionId, sessionId),
        sql`${outbox.data}->>'kind' = ${kind}`,
        or(lt(outbox.createdAt, createdAt), gt(outbox.createdAt, createdAt)),
      ),
    )
  return {
    hasOlder: rows.some((row) => row.createdAt < createdAt),
    hasNewer: rows.some((row) => row.createdAt > createdAt),
  }
}

/** Drops the device's waiting notices of this kind made before `createdAt` (a newer one replaces them). */
export async function deleteOlderOfKind(db: Executor, sessionId: string, kind: string, createdAt: Date): Promise<void> {
  await db
    .delete(outbox)
    .where(
      and(eq(outbox.sessionId, sessionId), sql`${outbox.data}->>'kind' = ${kind}`, lt(outbox.createdAt, createdAt)),
    )
}

export async function deleteOutbox(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.delete(outbox).where(inArray(outbox.id, [...ids]))
}
