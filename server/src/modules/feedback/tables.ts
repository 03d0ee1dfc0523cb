import { sql } from 'drizzle-orm'
import { check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const feedback = pgSchema('feedback')

/**
 * What users tell staff (the OneStep contact form). `author_id` is an accounts user; there is no
 * foreign key because a module's tables may not import another module's. The screenshot, when
 * there is one, is the file `<uploads>/feedback/<screenshot_file>`.
 */
export const feedbackItems = feedback.table(
  'items',
  {
    id: uuid('id').primaryKey(),
    authorId: uuid('author_id').notNull(),
    category: text('category', { enum: ['bug', 'feature', 'feedback'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['pending', 'processing', 'completed'] })
      .notNull()
      .default('pending'),
    screenshotFile: text('screenshot_file'),
    screenshotType: text('screenshot_type'),
    screenshotSize: integer('screenshot_size'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('items_category_check', sql`${t.category} in ('bug', 'feature', 'feedback')`),
    check('items_status_check', sql`${t.status} in ('pending', 'processing', 'completed')`),
    check(
      'items_screenshot_check',
      sql`(${t.screenshotFile} is null) = (${t.screenshotType} is null) and (${t.screenshotFile} is null) = (${t.screenshotSize} is null)`,
    ),
    index('items_author_created_idx').on(t.authorId, t.createdAt.desc(), t.id.desc()),
    index('items_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('items_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
  ],
)

/**
 * One row per recipient of a notification job, so a retried job skips everyone it already mailed
 * and a refused address is remembered with the reason.
 */
export const deliveries = feedback.table(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id').notNull(),
    recipientId: uuid('recipient_id').notNull(),
    email: text('email').notNull(),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    messageId: text('message_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deliveries_job_recipient_key').on(t.jobId, t.recipientId)],
)

export type FeedbackRow = typeof feedbackItems.$inferSelect
export type DeliveryRow = typeof deliveries.$inferSelect
