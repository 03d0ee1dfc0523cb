import type { FeedbackStatus } from '@madang/contracts'
import { and, desc, eq, lt, ne, or, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/index.ts'
import { deliveries, feedbackItems, type DeliveryRow, type FeedbackRow } from './tables.ts'

export async function insertFeedback(db: Executor, values: typeof feedbackItems.$inferInsert): Promise<FeedbackRow> {
  const [row] = await db.insert(feedbackItems).values(values).returning()
  if (row === undefined) throw new Error('insert into feedback.items returned no row')
  return row
}

export async function findFeedback(db: Executor, id: string): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedbackItems).where(eq(feedbackItems.id, id))
  return row
}

/** A position in the newest-first order: the last row of the previous page. */
export interface FeedbackKey {
  createdAt: Date
  id: string
}

/**
 * A page of feedback newest first (ties broken by id), after `after` when given, optionally only
 * one author's or one status. Fetches `limit + 1` rows so the caller can tell whether more follow.
 */
export async function listFeedbackPage(
  db: Executor,
  options: { authorId?: string; status?: FeedbackStatus; after?: FeedbackKey; limit: number },
): Promise<FeedbackRow[]> {
  const conditions: SQL[] = []
  if (options.authorId !== undefined) conditions.push(eq(feedbackItems.authorId, options.authorId))
  if (options.status !== undefined) conditions.push(eq(feedbackItems.status, options.status))
  if (options.after !== undefined) {
    const { createdAt, id } = options.after
    const older = or(
      lt(feedbackItems.createdAt, createdAt),
      and(eq(feedbackItems.createdAt, createdAt), lt(feedbackItems.id, id)),
    )
    if (older !== undefined) conditions.push(older)
  }
  return db
    .select()
    .from(feedbackItems)
    .where(and(...conditions))
    .orderBy(desc(feedbackItems.createdAt), desc(feedbackItems.id))
    .limit(options.limit + 1)
}

/**
 * Sets the status unless it already is that one; returns the changed row, or undefined when
 * nothing changed (no such row, or the same status). Concurrent changes to the same status
 * change it once.
 */
export async function updateFeedbackStatus(
  db: Executor,
  id: string,
  status: FeedbackStatus,
  now: Date,
): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .update(feedbackItems)
    .set({ status, updatedAt: now })
    .where(and(eq(feedbackItems.id, id), ne(feedbackItems.status, status)))
    .returning()
  return row
}

export async function listDeliveries(db: Executor, jobId: string): Promise<DeliveryRow[]> {
  return db.select().from(deliveries).where(eq(deliveries.jobId, jobId))
}

/** Records the outcome for one recipient of a job; a later attempt's outcome replaces an earlier failure. */
export async function recordDelivery(db: Executor, values: typeof deliveries.$inferInsert): Promise<void> {
  await db
    .insert(deliveries)
    .values(values)
    .onConflictDoUpdate({
      target: [deliveries.jobId, deliveries.recipientId],
      set: {
        email: values.email,
        status: values.status,
        messageId: values.messageId ?? null,
        errorCode: values.errorCode ?? null,
        errorMessage: values.errorMessage ?? null,
      },
    })
}
