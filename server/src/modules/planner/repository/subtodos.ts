import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { subtodos, type SubtodoRow } from '../tables.ts'

export async function insertSubtodos(db: Executor, values: Array<typeof subtodos.$inferInsert>): Promise<SubtodoRow[]> {
  const rows = await db.insert(subtodos).values(values).returning()
  return rows.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
}

export async function findSubtodo(db: Executor, userId: string, id: string): Promise<SubtodoRow | undefined> {
  const [row] = await db
    .select()
    .from(subtodos)
    .where(and(eq(subtodos.id, id), eq(subtodos.userId, userId)))
  return row
}

export async function updateSubtodo(
  db: Executor,
  userId: string,
  id: string,
  patch: Partial<Pick<SubtodoRow, 'content' | 'date' | 'isDone' | 'rank' | 'updatedAt'>>,
): Promise<SubtodoRow | undefined> {
  const [row] = await db
    .update(subtodos)
    .set(patch)
    .where(and(eq(subtodos.id, id), eq(subtodos.userId, userId)))
    .returning()
  return row
}

/** Gives every subtodo of a todo the todo's new date. */
export async function setSubtodoDates(
  db: Executor,
  input: { userId: string; todoId: string; date: string | null; now: Date },
): Promise<void> {
  await db
    .update(subtodos)
    .set({ date: input.date, updatedAt: input.now })
    .where(and(eq(subtodos.todoId, input.todoId), eq(subtodos.userId, input.userId)))
}

export async function deleteSubtodo(db: Executor, userId: string, id: string): Promise<SubtodoRow | undefined> {
  const [row] = await db
    .delete(subtodos)
    .where(and(eq(subtodos.id, id), eq(subtodos.userId, userId)))
    .returning()
  return row
}
