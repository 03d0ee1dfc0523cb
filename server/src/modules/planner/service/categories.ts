import type {
  Category,
  CategoryList,
  CreateCategoryBody,
  DeleteCategoryQuery,
  MoveBody,
  Todo,
  UpdateCategoryBody,
} from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { presentCategory, presentTodo } from '../present.ts'
import { rankAllAtBottom, rankAtBottom } from '../rank.ts'
import {
  deleteCategory as deleteCategoryRow,
  deleteTodosOfCategory,
  findCategory,
  findLastRank,
  insertCategory,
  listCategories as listCategoryRows,
  listTodoIdsOfCategory,
  listTodosByIds,
  lockUserPlanner,
  moveTodosToCategory,
  updateCategory as updateCategoryRow,
} from '../repository/index.ts'
import { announce } from './announce.ts'
import { cleanText, normalizeColor } from './input.ts'
import { placeItem } from './placement.ts'

const DEFAULT_COLOR = 'gray'

/** The caller's categories in their order. */
export async function listCategories(ctx: Ctx, actor: Actor): Promise<CategoryList> {
  const rows = await listCategoryRows(ctx.db, actor.userId)
  return { items: rows.map(presentCategory) }
}

/** Creates a category at the bottom of the caller's list. Publishes planner.category_created. */
export async function createCategory(ctx: Ctx, actor: Actor, input: CreateCategoryBody): Promise<Category> {
  const title = cleanText(input.title, '/body/title')
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const last = await findLastRank(tx, 'category', actor.userId)
    const row = await insertCategory(tx, {
      userId: actor.userId,
      title,
      color: normalizeColor(input.color ?? DEFAULT_COLOR),
      rank: rankAtBottom(last),
      createdAt: now,
      updatedAt: now,
    })
    const category = presentCategory(row)
    await announce(ctx, tx, actor, 'planner.category_created', { category })
    return category
  })
}

/** Renames or recolors a category of the caller (else planner.category_not_found). Publishes planner.category_updated. */
export async function updateCategory(ctx: Ctx, actor: Actor, id: string, patch: UpdateCategoryBody): Promise<Category> {
  const title = patch.title === undefined ? undefined : cleanText(patch.title, '/body/title')
  return ctx.transaction(async (tx) => {
    const row = await updateCategoryRow(tx, actor.userId, id, {
      ...(title !== undefined && { title }),
      ...(patch.color !== undefined && { color: normalizeColor(patch.color) }),
      updatedAt: ctx.clock.now(),
    })
    if (row === undefined) throw new AppError('planner.category_not_found')
    const category = presentCategory(row)
    await announce(ctx, tx, actor, 'planner.category_updated', { category })
    return category
  })
}

/**
 * Moves a category of the caller next to the named neighbours (see MoveBody). Errors as in
 * placeItem. Publishes planner.category_moved.
 */
export async function moveCategory(ctx: Ctx, actor: Actor, id: string, input: MoveBody): Promise<Category> {
  return ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    const current = await findCategory(tx, actor.userId, id)
    if (current === undefined) throw new AppError('planner.category_not_found')
    const rank = await placeItem(tx, 'category', {
      userId: actor.userId,
      itemId: id,
      scopeId: actor.userId,
      after: input.after,
      before: input.before,
    })
    const row = await updateCategoryRow(tx, actor.userId, id, { rank, updatedAt: ctx.clock.now() })
    if (row === undefined) throw new AppError('planner.category_not_found')
    const category = presentCategory(row)
    await announce(ctx, tx, actor, 'planner.category_moved', { category })
    return category
  })
}

/**
 * Deletes a category of the caller. One that still has todos is planner.category_not_empty (409)
 * unless `todos=delete` (they go too, with their subtodos) or `todos=move&to=<id>` (they go to the
 * bottom of that category, in their order). A missing or same `to` is planner.invalid_move_target;
 * another user's `to` is planner.category_not_found. Publishes planner.category_deleted.
 */
export async function deleteCategory(ctx: Ctx, actor: Actor, id: string, query: DeleteCategoryQuery): Promise<void> {
  assertDisposition(id, query)
  await ctx.transaction(async (tx) => {
    await lockUserPlanner(tx, actor.userId)
    if ((await findCategory(tx, actor.userId, id)) === undefined) throw new AppError('planner.category_not_found')
    const todoIds = await listTodoIdsOfCategory(tx, actor.userId, id)
    let movedTodos: Todo[] = []
    let deletedTodoIds: string[] = []
    if (query.todos === 'move' && query.to !== undefined) {
      const to = query.to
      if ((await findCategory(tx, actor.userId, to)) === undefined) {
        throw new AppError('planner.category_not_found', {
          fieldErrors: [{ pointer: '/querystring/to', code: 'planner.validation.no_such_item' }],
        })
      }
      await moveTodosToCategory(tx, {
        userId: actor.userId,
        categoryId: to,
        ranks: rankAllAtBottom(await findLastRank(tx, 'todo', to), todoIds).map(({ item, rank }) => ({
          id: item,
          rank,
        })),
        now: ctx.clock.now(),
      })
      movedTodos = (await listTodosByIds(tx, actor.userId, todoIds)).map((row) => presentTodo(row))
    } else if (query.todos === 'delete') {
      await deleteTodosOfCategory(tx, actor.userId, id)
      deletedTodoIds = todoIds
    } else if (todoIds.length > 0) {
      throw new AppError('planner.category_not_empty', { params: { count: todoIds.length } })
    }
    await deleteCategoryRow(tx, actor.userId, id)
    await announce(ctx, tx, actor, 'planner.category_deleted', {
      id,
      deletedTodoIds,
      toCategoryId: query.todos === 'move' ? (query.to ?? null) : null,
      movedTodos,
    })
  })
}

function assertDisposition(id: string, query: DeleteCategoryQuery): void {
  const invalid = (code: string) =>
    new AppError('planner.invalid_move_target', { fieldErrors: [{ pointer: '/querystring/to', code }] })
  if (query.todos === 'move' && query.to === undefined) throw invalid('validation.required')
  if (query.todos === 'move' && query.to === id) throw invalid('planner.validation.same_category')
  if (query.todos !== 'move' && query.to !== undefined) throw invalid('planner.validation.to_without_move')
}
