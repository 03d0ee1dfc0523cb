import type {
  CreateSubtodosBody,
  MoveBody,
  SplitSubtodoBody,
  Subtodo,
  SubtodoList,
  UpdateSubtodoBody,
} from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { presentSubtodo } from '../present.ts'
import { rankAllAtBottom, rankAllBetween } from '../rank.ts'
import {
  deleteSubtodo as deleteSubtodoRow,
  findAdjacentRank,
  findLastRank,
  findSubtodo,
  findTodo,
  insertSubtodos,
  lockUserPlanner,
  updateSubtodo as updateSubtodoRow,
} from '../repository/index.ts'
import { announce } from './announce.ts'
import { cleanText } from './input.ts'
import { placeItem } from './placement.ts'

/**
 * Adds one or several subtodos below the others of one of the caller's todos (else
 * planner.todo_not_found), in the order given. A subtodo without a date takes the todo's.
 * Publishes planner.subtodos_created once for the whole batch.
 */
export async function createSubtodos(
  ctx: Ctx,
  actor: Actor,
  todoId: string,
  input: CreateSubtodosBody,
): Promise<SubtodoList> {
  const items = input.items.map((item, i) => ({
    ...item,
    content: cleanText(item.content, `/body/items/${i}/content`),
  }))
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const todo = await findTodo(tx, actor.userId, todoId)
    if (todo === undefined) throw new AppError('planner.todo_not_found')
    const ranked = rankAllAtBottom(await findLastRank(tx, 'subtodo', todoId), items)
    const rows = await insertSubtodos(
      tx,
      ranked.map(({ item, rank }) => ({
        userId: actor.userId,
        todoId,
        content: item.content,
        date: item.date === undefined ? todo.date : item.date,
        isDone: item.isDone ?? false,
        rank,
        createdAt: now,
        updatedAt: now,
      })),
    )
    const subtodos = rows.map(presentSubtodo)
    await announce(ctx, tx, actor, 'planner.subtodos_created', { todoId, subtodos })
    return { items: subtodos }
  })
}

/**
 * Splits one of the caller's subtodos (else planner.subtodo_not_found): the new subtodos go right
 * after it under the same todo, in the order given, each without a date taking the split
 * subtodo's. With `replace` the split subtodo is deleted. This is how the proposals of a subtodo's
 * breakdown are applied. Publishes planner.subtodos_created, then planner.subtodo_deleted when
 * replacing, after commit.
 */
export async function splitSubtodo(ctx: Ctx, actor: Actor, id: string, input: SplitSubtodoBody): Promise<SubtodoList> {
  const items = input.items.map((item, i) => ({
    ...item,
    content: cleanText(item.content, `/body/items/${i}/content`),
  }))
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const current = await findSubtodo(tx, actor.userId, id)
    if (current === undefined) throw new AppError('planner.subtodo_not_found')
    const next = await findAdjacentRank(tx, 'subtodo', {
      scopeId: current.todoId,
      rank: current.rank,
      direction: 'next',
      excludeId: current.id,
    })
    const rows = await insertSubtodos(
      tx,
      rankAllBetween(current.rank, next, items).map(({ item, rank }) => ({
        userId: actor.userId,
        todoId: current.todoId,
        content: item.content,
        date: item.date === undefined ? current.date : item.date,
        isDone: item.isDone ?? false,
        rank,
        createdAt: now,
        updatedAt: now,
      })),
    )
    const subtodos = rows.map(presentSubtodo)
    await announce(ctx, tx, actor, 'planner.subtodos_created', { todoId: current.todoId, subtodos })
    if (input.replace === true) {
      await deleteSubtodoRow(tx, actor.userId, id)
      await announce(ctx, tx, actor, 'planner.subtodo_deleted', { id, todoId: current.todoId })
    }
    return { items: subtodos }
  })
}

/** Edits one of the caller's subtodos (else planner.subtodo_not_found); `isDone` may go back to false. Publishes planner.subtodo_updated. */
export async function updateSubtodo(ctx: Ctx, actor: Actor, id: string, patch: UpdateSubtodoBody): Promise<Subtodo> {
  const content = patch.content === undefined ? undefined : cleanText(patch.content, '/body/content')
  return ctx.transaction(async (tx) => {
    const row = await updateSubtodoRow(tx, actor.userId, id, {
      ...(content !== undefined && { content }),
      ...(patch.date !== undefined && { date: patch.date }),
      ...(patch.isDone !== undefined && { isDone: patch.isDone }),
      updatedAt: ctx.clock.now(),
    })
    if (row === undefined) throw new AppError('planner.subtodo_not_found')
    const subtodo = presentSubtodo(row)
    await announce(ctx, tx, actor, 'planner.subtodo_updated', { subtodo })
    return subtodo
  })
}

/**
 * Moves one of the caller's subtodos next to the named neighbours, subtodos of the same todo (see
 * MoveBody). Errors as in placeItem. Publishes planner.subtodo_moved.
 */
export async function moveSubtodo(ctx: Ctx, actor: Actor, id: string, input: MoveBody): Promise<Subtodo> {
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const current = await findSubtodo(tx, actor.userId, id)
    if (current === undefined) throw new AppError('planner.subtodo_not_found')
    const rank = await placeItem(tx, 'subtodo', {
      userId: actor.userId,
      itemId: id,
      scopeId: current.todoId,
      after: input.after,
      before: input.before,
    })
    const row = await updateSubtodoRow(tx, actor.userId, id, { rank, updatedAt: ctx.clock.now() })
    if (row === undefined) throw new AppError('planner.subtodo_not_found')
    const subtodo = presentSubtodo(row)
    await announce(ctx, tx, actor, 'planner.subtodo_moved', { subtodo })
    return subtodo
  })
}

/** Deletes one of the caller's subtodos (else planner.subtodo_not_found). Publishes planner.subtodo_deleted. */
export async function deleteSubtodo(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await ctx.transaction(async (tx) => {
    const row = await deleteSubtodoRow(tx, actor.userId, id)
    if (row === undefined) throw new AppError('planner.subtodo_not_found')
    await announce(ctx, tx, actor, 'planner.subtodo_deleted', { id, todoId: row.todoId })
  })
}
