import type { CategoryTodosQuery, TodoList, TodoPage, TodoRangeQuery } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { presentTodo } from '../present.ts'
import { findCategory, listInboxTodos, listTodosInRange, listTodosOfCategory } from '../repository/index.ts'
import { assertDateRange } from './input.ts'

/*
 * Each list is one SQL statement whatever the number of todos: the subtodos come along as a JSON
 * array per todo (see repository.ts), never as a query per todo.
 */

/**
 * The caller's todos dated from `from` to `to` (both included, at most 62 days, else
 * planner.invalid_date_range), by date, then category order, then rank; each with its subtodos.
 */
export async function listTodosByDate(ctx: Ctx, actor: Actor, query: TodoRangeQuery): Promise<TodoList> {
  assertDateRange(query.from, query.to)
  const rows = await listTodosInRange(ctx.db, actor.userId, query)
  return { items: rows.map((row) => presentTodo(row)) }
}

/** The caller's todos without a date, by category order, then rank; each with its subtodos. */
export async function listInbox(ctx: Ctx, actor: Actor): Promise<TodoList> {
  const rows = await listInboxTodos(ctx.db, actor.userId)
  return { items: rows.map((row) => presentTodo(row)) }
}

/**
 * A page of the todos (of every date and the inbox) in one of the caller's categories, in rank
 * order; another user's category is planner.category_not_found. The cursor is the last rank seen.
 */
export async function listCategoryTodos(
  ctx: Ctx,
  actor: Actor,
  categoryId: string,
  query: CategoryTodosQuery,
): Promise<TodoPage> {
  if ((await findCategory(ctx.db, actor.userId, categoryId)) === undefined) {
    throw new AppError('planner.category_not_found')
  }
  const limit = query.limit ?? 100
  const rows = await listTodosOfCategory(ctx.db, actor.userId, {
    categoryId,
    afterRank: query.cursor,
    limit: limit + 1,
  })
  const page = rows.slice(0, limit)
  const hasMore = rows.length > limit
  return { items: page.map((row) => presentTodo(row)), nextCursor: hasMore ? (page.at(-1)?.rank ?? null) : null }
}
