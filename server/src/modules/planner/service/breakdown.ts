import type { BreakdownBody, TaskRef } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import type { Executor } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { BREAKDOWN_JOB, type BreakdownPayload } from '../jobs.ts'
import { claimBreakdownSlot, findSubtodo, findTodo } from '../repository/index.ts'

/**
 * Starts an AI breakdown of one of the caller's todos (else planner.todo_not_found) and answers at
 * once with its task; the planner.breakdown job puts the proposals in the task's result and saves
 * nothing. Within the per-user cooldown (PLANNER_BREAKDOWN_COOLDOWN_SECONDS, staff exempt) it is
 * planner.breakdown_cooldown (429) with Retry-After.
 */
export async function requestTodoBreakdown(
  ctx: Ctx,
  actor: Actor,
  todoId: string,
  input: BreakdownBody,
): Promise<TaskRef> {
  return startBreakdown(ctx, actor, { parentType: 'todo', parentId: todoId }, input)
}

/**
 * Starts an AI breakdown of one of the caller's subtodos (else planner.subtodo_not_found), as
 * requestTodoBreakdown; the proposals are applied with POST /subtodos/:id/split.
 */
export async function requestSubtodoBreakdown(
  ctx: Ctx,
  actor: Actor,
  subtodoId: string,
  input: BreakdownBody,
): Promise<TaskRef> {
  return startBreakdown(ctx, actor, { parentType: 'subtodo', parentId: subtodoId }, input)
}

async function startBreakdown(
  ctx: Ctx,
  actor: Actor,
  parent: Pick<BreakdownPayload, 'parentType' | 'parentId'>,
  input: BreakdownBody,
): Promise<TaskRef> {
  const payload: BreakdownPayload = {
    userId: actor.userId,
    ...parent,
    ...(input.count !== undefined && { count: input.count }),
    ...(input.detail !== undefined && { detail: input.detail }),
    locale: actor.locale,
  }
  const { taskId } = await ctx.transaction(async (tx) => {
    // Ownership first: another user's item is a 404 and costs the caller no cooldown.
    await requireParent(tx, actor.userId, parent)
    if (!actor.roles.includes('staff')) await claimCooldown(ctx, tx, actor.userId)
    return ctx.jobs.enqueue(tx, BREAKDOWN_JOB, payload, { ownerId: actor.userId })
  })
  return { taskId, state: 'queued' }
}

async function requireParent(
  tx: Executor,
  userId: string,
  parent: Pick<BreakdownPayload, 'parentType' | 'parentId'>,
): Promise<void> {
  if (parent.parentType === 'todo') {
    if ((await findTodo(tx, userId, parent.parentId)) === undefined) throw new AppError('planner.todo_not_found')
  } else if ((await findSubtodo(tx, userId, parent.parentId)) === undefined) {
    throw new AppError('planner.subtodo_not_found')
  }
}

/** Takes the user's breakdown slot, or throws planner.breakdown_cooldown with the seconds left. */
async function claimCooldown(ctx: Ctx, tx: Executor, userId: string): Promise<void> {
  const cooldownSeconds = ctx.config.planner.breakdownCooldownSeconds
  const now = ctx.clock.now()
  const lastUsedAt = await claimBreakdownSlot(tx, { userId, now, cooldownSeconds })
  if (lastUsedAt === null) return
  const retryAfter = Math.max(1, Math.ceil((lastUsedAt.getTime() + cooldownSeconds * 1000 - now.getTime()) / 1000))
  throw new AppError('planner.breakdown_cooldown', {
    params: { retryAfter },
    headers: { 'retry-after': String(retryAfter) },
  })
}
