import { index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Task state that users see (GET /api/tasks/:id); the job itself lives in pg-boss's own schema. */
export const jobs = pgSchema('jobs')

export const TASK_STATES = ['queued', 'active', 'retrying', 'completed', 'failed', 'cancelled'] as const
export type TaskState = (typeof TASK_STATES)[number]

export const tasks = jobs.table(
  'tasks',
  {
    /** The pg-boss job id. */
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id'),
    jobName: text('job_name').notNull(),
    state: text('state', { enum: TASK_STATES }).notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    progressMessage: text('progress_message'),
    result: jsonb('result'),
    error: jsonb('error').$type<{ message: string; code?: string }>(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tasks_owner_id_idx').on(t.ownerId, t.createdAt)],
)

export type TaskRow = typeof tasks.$inferSelect
