import type { Task } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { Actor } from '../../core/auth/actor.ts'
import { AppError } from '../../core/errors/app-error.ts'
import { presentTask, type TaskRow } from '../../core/jobs/index.ts'

async function findOwnTask(ctx: Ctx, actor: Actor, taskId: string): Promise<TaskRow> {
  const task = await ctx.jobs.getTask(taskId)
  // Another user's task is indistinguishable from one that does not exist.
  if (task === undefined || task.ownerId !== actor.userId) throw new AppError('tasks.task_not_found')
  return task
}

/** One of the caller's tasks: state, progress, result or error. Others' tasks are tasks.task_not_found. */
export async function getTask(ctx: Ctx, actor: Actor, taskId: string): Promise<Task> {
  return presentTask(await findOwnTask(ctx, actor, taskId))
}

/**
 * Cancels one of the caller's queued, retrying or active tasks (an active job's signal is aborted).
 * A finished task is tasks.task_finished.
 */
export async function cancelTask(ctx: Ctx, actor: Actor, taskId: string): Promise<Task> {
  await findOwnTask(ctx, actor, taskId)
  if (!(await ctx.jobs.cancel(taskId))) throw new AppError('tasks.task_finished')
  return presentTask(await findOwnTask(ctx, actor, taskId))
}
