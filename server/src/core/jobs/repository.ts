import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../db/index.ts'
import { tasks, type TaskRow, type TaskState } from './tables.ts'

export async function insertTask(db: Executor, values: typeof tasks.$inferInsert): Promise<void> {
  await db.insert(tasks).values(values)
}

export async function deleteTask(db: Executor, id: string): Promise<void> {
  await db.delete(tasks).where(eq(tasks.id, id))
}

export async function findTask(db: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id))
  return row
}

/**
 * Moves a task to `state` only from one of `from` (a finished task never moves again); returns the
 * updated row, or undefined when the task was not in one of those states.
 */
export async function transitionTask(
  db: Executor,
  id: string,
  from: readonly TaskState[],
  patch: Partial<Omit<typeof tasks.$inferInsert, 'id'>> & { state?: TaskState },
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(tasks)
    .set(patch)
    .where(and(eq(tasks.id, id), inArray(tasks.state, [...from])))
    .returning()
  return row
}

export async function countTasksByState(db: Executor) {
  return db
    .select({ jobName: tasks.jobName, state: tasks.state, count: sql<number>`count(*)::int` })
    .from(tasks)
    .groupBy(tasks.jobName, tasks.state)
}

export async function listRecentFailures(db: Executor, limit: number): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.state, 'failed')).orderBy(desc(tasks.updatedAt)).limit(limit)
}
