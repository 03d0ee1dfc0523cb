import { eq } from 'drizzle-orm'
import type { Executor } from '../../core/db/index.ts'
import { deliveries, type DeliveryRow } from './tables.ts'

export async function listDeliveries(db: Executor, taskId: string): Promise<DeliveryRow[]> {
  return db.select().from(deliveries).where(eq(deliveries.taskId, taskId))
}

/** Records the outcome for one recipient; a later attempt's outcome replaces an earlier failure. */
export async function recordDelivery(db: Executor, values: typeof deliveries.$inferInsert): Promise<void> {
  await db
    .insert(deliveries)
    .values(values)
    .onConflictDoUpdate({
      target: [deliveries.taskId, deliveries.recipient],
      set: {
        status: values.status,
        messageId: values.messageId ?? null,
        errorCode: values.errorCode ?? null,
        errorMessage: values.errorMessage ?? null,
      },
    })
}
