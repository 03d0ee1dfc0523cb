import type { CreateTodoBody, MoveTodoBody, Todo, UpdateTodoBody } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import type { Executor } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { presentTodo } from '../present.ts'
import { rankAtBottom } from '../rank.ts'
import {
  deleteTodo as deleteTodoRow,
  findCategory,
  findLastRank,
  findTodo,
  findTodoWithSubtodos,
  insertTodo,
  lockUserPlanner,
  setSubtodoDates,
  updateTodo as updateTodoRow,
} from '../repository/index.ts'
import { announce } from './announce.ts'
import { cleanText } from './input.ts'
import { placeItem } from './placement.ts'

/** One of the caller's todos with its subtodos; another user's is planner.todo_not_found. */
export async function getTodo(ctx: Ctx, actor: Actor, id: string): Promise<Todo> {
  const row = await findTodoWithSubtodos(ctx.db, actor.userId, id)
  if (row === undefined) throw new AppError('planner.todo_not_found')
  return presentTodo(row)
}

/**
 * Creates a todo at the bottom of one of the caller's categories (another user's is
 * planner.category_not_found). Without a date it lands in the inbox; a due time needs a date
 * (planner.due_time_without_date). Publishes planner.todo_created.
 */
export async function createTodo(ctx: Ctx, actor: Actor, input: CreateTodoBody): Promise<Todo> {
  const content = cleanText(input.content, '/body/content')
  const date = input.date ?? null
  const dueTime = input.dueTime ?? null
  if (dueTime !== null && date === null) throw dueTimeWithoutDate()
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    await requireCategory(tx, actor.userId, input.categoryId)
    const row = await insertTodo(tx, {
      userId: actor.userId,
      categoryId: input.categoryId,
      content,
      date,
      dueTime,
      memo: input.memo ?? null,
      isDone: input.isDone ?? false,
      rank: rankAtBottom(await findLastRank(tx, 'todo', input.categoryId)),
      createdAt: now,
      updatedAt: now,
    })
    const todo = presentTodo(row, [])
    await announce(ctx, tx, actor, 'planner.todo_created', { todo })
    return todo
  })
}

/**
 * Edits one of the caller's todos. `isDone` may go back to false. A new date moves every subtodo
 * to that date; `date: null` (to the inbox) clears the due time. A new category puts the todo at
 * its bottom. Errors: planner.todo_not_found, planner.category_not_found,
 * planner.due_time_without_date. Publishes planner.todo_updated with the subtodos.
 */
export async function updateTodo(ctx: Ctx, actor: Actor, id: string, patch: UpdateTodoBody): Promise<Todo> {
  const content = patch.content === undefined ? undefined : cleanText(patch.content, '/body/content')
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    const isChangingCategory = patch.categoryId !== undefined
    if (isChangingCategory) await lockUserPlanner(tx, actor.userId)
    const current = await findTodo(tx, actor.userId, id)
    if (current === undefined) throw new AppError('planner.todo_not_found')
    const date = patch.date === undefined ? current.date : patch.date
    let dueTime = patch.dueTime === undefined ? current.dueTime : patch.dueTime
    if (date === null && dueTime !== null) {
      if (patch.dueTime !== undefined) throw dueTimeWithoutDate()
      dueTime = null
    }
    let category: { categoryId: string; rank: string } | undefined
    if (patch.categoryId !== undefined && patch.categoryId !== current.categoryId) {
      await requireCategory(tx, actor.userId, patch.categoryId)
      const rank = rankAtBottom(await findLastRank(tx, 'todo', patch.categoryId))
      category = { categoryId: patch.categoryId, rank }
    }
    await updateTodoRow(tx, actor.userId, id, {
      ...(content !== undefined && { content }),
      ...(patch.memo !== undefined && { memo: patch.memo }),
      ...(patch.isDone !== undefined && { isDone: patch.isDone }),
      ...category,
      date,
      dueTime,
      updatedAt: now,
    })
    if (date !== current.date) await setSubtodoDates(tx, { userId: actor.userId, todoId: id, date, now })
    const todo = await reloadTodo(tx, actor.userId, id)
    await announce(ctx, tx, actor, 'planner.todo_updated', { todo })
    return todo
  })
}

/**
 * Moves one of the caller's todos next to the named neighbours (see MoveTodoBody), into
 * `categoryId` when given (another user's is planner.category_not_found). Errors as in placeItem.
 * Publishes planner.todo_moved.
 */
export async function moveTodo(ctx: Ctx, actor: Actor, id: string, input: MoveTodoBody): Promise<Todo> {
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const current = await findTodo(tx, actor.userId, id)
    if (current === undefined) throw new AppError('planner.todo_not_found')
    const categoryId = input.categoryId ?? current.categoryId
    if (categoryId !== current.categoryId) await requireCategory(tx, actor.userId, categoryId)
    const rank = await placeItem(tx, 'todo', {
      userId: actor.userId,
      itemId: id,
      scopeId: categoryId,
      after: input.after,
      before: input.before,
    })
    await updateTodoRow(tx, actor.userId, id, { categoryId, rank, updatedAt: ctx.clock.now() })
    const todo = await reloadTodo(tx, actor.userId, id)
    await announce(ctx, tx, actor, 'planner.todo_moved', { todo })
    return todo
  })
}

/** Deletes one of the caller's todos and its subtodos (else planner.todo_not_found). Publishes planner.todo_deleted. */
export async function deleteTodo(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await ctx.transaction(async (tx) => {
    const row = await deleteTodoRow(tx, actor.userId, id)
    if (row === undefined) throw new AppError('planner.todo_not_found')
    await announce(ctx, tx, actor, 'planner.todo_deleted', { id, categoryId: row.categoryId })
  })
}

async function requireCategory(tx: Executor, userId: string, categoryId: string): Promise<void> {
  if ((await findCategory(tx, userId, categoryId)) === undefined) {
    throw new AppError('planner.category_not_found', {
      fieldErrors: [{ pointer: '/body/categoryId', code: 'planner.validation.no_such_item' }],
    })
  }
}

async function reloadTodo(tx: Executor, userId: string, id: string): Promise<Todo> {
  const row = await findTodoWithSubtodos(tx, userId, id)
  if (row === undefined) throw new AppError('planner.todo_not_found')
  return presentTodo(row)
}

function dueTimeWithoutDate(): AppError {
  return new AppError('planner.due_time_without_date', {
    fieldErrors: [{ pointer: '/body/dueTime', code: 'planner.validation.due_time_without_date' }],
  })
}
