import { and, asc, between, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { reminderSettings, remindersSent, todos } from '../tables.ts'

export async function findReminderSettings(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return db
    .select()
    .from(reminderSettings)
    .where(inArray(reminderSettings.userId, [...userIds]))
}

export async function upsertReminderSettings(db: Executor, values: typeof reminderSettings.$inferInsert) {
  const [row] = await db
    .insert(reminderSettings)
    .values(values)
    .onConflictDoUpdate({
      target: reminderSettings.userId,
      set: { isEnabled: values.isEnabled, times: values.times, updatedAt: values.updatedAt },
    })
    .returning()
  return row
}

/** Open todos dated between two days (inclusive), oldest rank first, for the users who have any. */
export async function findOpenTodosBetween(db: Executor, from: string, to: string) {
  return db
    .select({ userId: todos.userId, date: todos.date, content: todos.content })
    .from(todos)
    .where(and(eq(todos.isDone, false), between(todos.date, from, to)))
    .orderBy(asc(todos.userId), asc(todos.date), sql`${todos.rank} collate "C"`)
}

/** Records a reminder as sent; false when that user's slot of that local day was already sent. */
export async function markReminderSent(db: Executor, values: typeof remindersSent.$inferInsert): Promise<boolean> {
  const rows = await db
    .insert(remindersSent)
    .values(values)
    .onConflictDoNothing()
    .returning({ userId: remindersSent.userId })
  return rows.length > 0
}
