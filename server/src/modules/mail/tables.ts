import { pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const mail = pgSchema('mail')

/**
 * One row per recipient of a broadcast task, so a retried job skips everyone already sent to
 * (no duplicate mail) and the task's result can say what failed and why.
 */
export const deliveries = mail.table(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull(),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    messageId: text('message_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deliveries_task_recipient_key').on(t.taskId, t.recipient)],
)

export type DeliveryRow = typeof deliveries.$inferSelect
