import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { categories, todos, type CategoryRow } from '../tables.ts'

export async function insertCategory(db: Executor, values: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [row] = await db.insert(categories).values(values).returning()
  if (row === undefined) throw new Error('insert into planner.categories returned no row')
  return row
}

export async function findCategory(db: Executor, userId: string, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.userId, userId)))
  return row
}

export async function listCategories(db: Executor, userId: string): Promise<CategoryRow[]> {
  return db.select().from(categories).where(eq(categories.userId, userId)).orderBy(asc(categories.rank))
}

export async function updateCategory(
  db: Executor,
  userId: string,
  id: string,
  patch: Partial<Pick<CategoryRow, 'title' | 'color' | 'rank' | 'updatedAt'>>,
): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(categories)
    .set(patch)
    .where(and(eq(categories.id, id), eq(categories.userId, userId)))
    .returning()
  return row
}

export async function deleteCategory(db: Executor, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(categories)
    .where(and(eq(categories.id, id), eq(categories.userId, userId)))
    .returning({ id: categories.id })
  return rows.length > 0
}

/** The ids of a category's todos in rank order. */
export async function listTodoIdsOfCategory(db: Executor, userId: string, categoryId: string): Promise<string[]> {
  const rows = await db
    .select({ id: todos.id })
    .from(todos)
    .where(and(eq(todos.categoryId, categoryId), eq(todos.userId, userId)))
    .orderBy(asc(todos.rank))
  return rows.map((r) => r.id)
}

export async function deleteTodosOfCategory(db: Executor, userId: string, categoryId: string): Promise<void> {
  await db.delete(todos).where(and(eq(todos.categoryId, categoryId), eq(todos.userId, userId)))
}

/** Moves todos into a category in one statement, each with its new rank there. */
export async function moveTodosToCategory(
  db: Executor,
  input: { userId: string; categoryId: string; ranks: ReadonlyArray<{ id: string; rank: string }>; now: Date },
): Promise<void> {
  if (input.ranks.length === 0) return
  const cases = sql.join(
    input.ranks.map(({ id, rank }) => sql`when ${id}::uuid then ${rank}`),
    sql` `,
  )
  await db
    .update(todos)
    .set({ categoryId: input.categoryId, rank: sql`case ${todos.id} ${cases} end`, updatedAt: input.now })
    .where(
      and(
        eq(todos.userId, input.userId),
        inArray(
          todos.id,
          input.ranks.map((r) => r.id),
        ),
      ),
    )
}
