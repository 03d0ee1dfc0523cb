import { and, asc, eq, getTableColumns, gt, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { categories, subtodos, todos, type TodoRow } from '../tables.ts'

/** A todo row with its subtodos, as the list queries return it (subtodos come through JSON). */
export type TodoWithSubtodos = TodoRow & { subtodos: SubtodoJson[] }

/** A subtodo as json_build_object writes it: dates and timestamps as strings. */
export interface SubtodoJson {
  id: string
  todoId: string
  content: string
  date: string | null
  isDone: boolean
  rank: string
  createdAt: string
  updatedAt: string
}

/**
 * The todo's subtodos in rank order as one JSON array, so a list of todos with their subtodos is a
 * single statement however many todos it has. It refers to the outer `planner.todos` by its name.
 */
const subtodosOfTodo: SQL<SubtodoJson[]> = sql`coalesce((
  select json_agg(json_build_object(
    'id', s.id, 'todoId', s.todo_id, 'content', s.content, 'date', s.date, 'isDone', s.is_done,
    'rank', s.rank, 'createdAt', s.created_at, 'updatedAt', s.updated_at
  ) order by s.rank)
  from ${subtodos} s
  where s.todo_id = "todos"."id"
), '[]'::json)`

const todoWithSubtodos = { ...getTableColumns(todos), subtodos: subtodosOfTodo }

export async function insertTodo(db: Executor, values: typeof todos.$inferInsert): Promise<TodoRow> {
  const [row] = await db.insert(todos).values(values).returning()
  if (row === undefined) throw new Error('insert into planner.todos returned no row')
  return row
}

export async function findTodo(db: Executor, userId: string, id: string): Promise<TodoRow | undefined> {
  const [row] = await db
    .select()
    .from(todos)
    .where(and(eq(todos.id, id), eq(todos.userId, userId)))
  return row
}

/** The user's todo with its subtodos, in one statement. */
export async function findTodoWithSubtodos(
  db: Executor,
  userId: string,
  id: string,
): Promise<TodoWithSubtodos | undefined> {
  const [row] = await db
    .select(todoWithSubtodos)
    .from(todos)
    .where(and(eq(todos.id, id), eq(todos.userId, userId)))
  return row
}

/** Todos dated within [from, to], by date, then category order, then rank; one statement. */
export async function listTodosInRange(
  db: Executor,
  userId: string,
  range: { from: string; to: string },
): Promise<TodoWithSubtodos[]> {
  return db
    .select(todoWithSubtodos)
    .from(todos)
    .innerJoin(categories, eq(categories.id, todos.categoryId))
    .where(and(eq(todos.userId, userId), gte(todos.date, range.from), lte(todos.date, range.to)))
    .orderBy(asc(todos.date), asc(categories.rank), asc(todos.rank))
}

/** Todos without a date, by category order, then rank; one statement. */
export async function listInboxTodos(db: Executor, userId: string): Promise<TodoWithSubtodos[]> {
  return db
    .select(todoWithSubtodos)
    .from(todos)
    .innerJoin(categories, eq(categories.id, todos.categoryId))
    .where(and(eq(todos.userId, userId), isNull(todos.date)))
    .orderBy(asc(categories.rank), asc(todos.rank))
}

/** One page of a category's todos in rank order, after the rank `afterRank`; one statement. */
export async function listTodosOfCategory(
  db: Executor,
  userId: string,
  input: { categoryId: string; afterRank: string | undefined; limit: number },
): Promise<TodoWithSubtodos[]> {
  return db
    .select(todoWithSubtodos)
    .from(todos)
    .where(
      and(
        eq(todos.userId, userId),
        eq(todos.categoryId, input.categoryId),
        input.afterRank === undefined ? undefined : gt(todos.rank, input.afterRank),
      ),
    )
    .orderBy(asc(todos.rank))
    .limit(input.limit)
}

/** The user's todos among `ids`, in rank order within each category; one statement. */
export async function listTodosByIds(
  db: Executor,
  userId: string,
  ids: readonly string[],
): Promise<TodoWithSubtodos[]> {
  if (ids.length === 0) return []
  return db
    .select(todoWithSubtodos)
    .from(todos)
    .where(and(eq(todos.userId, userId), inArray(todos.id, [...ids])))
    .orderBy(asc(todos.categoryId), asc(todos.rank))
}

export async function updateTodo(
  db: Executor,
  userId: string,
  id: string,
  patch: Partial<
    Pick<TodoRow, 'content' | 'categoryId' | 'date' | 'dueTime' | 'isDone' | 'memo' | 'rank' | 'updatedAt'>
  >,
): Promise<TodoRow | undefined> {
  const [row] = await db
    .update(todos)
    .set(patch)
    .where(and(eq(todos.id, id), eq(todos.userId, userId)))
    .returning()
  return row
}

/** Deletes the user's todo (its subtodos go with it, by the foreign key); the deleted row, if any. */
export async function deleteTodo(db: Executor, userId: string, id: string): Promise<TodoRow | undefined> {
  const [row] = await db
    .delete(todos)
    .where(and(eq(todos.id, id), eq(todos.userId, userId)))
    .returning()
  return row
}
