import { TASK_STATES } from '../../core/jobs/tables.ts'
import type { JobsOverview, Task } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import { AppError } from '../../core/errors/app-error.ts'
import { presentTask } from '../../core/jobs/index.ts'

/** Counts per job and state, and the latest failures with their errors. Staff only (checked by the route). */
export async function getJobsOverview(ctx: Ctx): Promise<JobsOverview> {
  const { counts, failures } = await ctx.jobs.overview()
  const byJob = new Map<string, JobsOverview['queues'][number]['counts']>()
  for (const { jobName, state, count } of counts) {
    const row =
      byJob.get(jobName) ??
      (Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as JobsOverview['queues'][number]['counts'])
    row[state] = count
    byJob.set(jobName, row)
  }
  return {
    queues: [...byJob].sort(([a], [b]) => a.localeCompare(b)).map(([job, c]) => ({ job, counts: c })),
    recentFailures: failures.map((row) => ({ ...presentTask(row), ownerId: row.ownerId })),
  }
}

async function taskOrNotFound(ctx: Ctx, taskId: string) {
  const task = await ctx.jobs.getTask(taskId)
  if (task === undefined) throw new AppError('tasks.task_not_found')
  return task
}

/** Puts a failed or cancelled job back in its queue; any other state is tasks.task_not_retryable. */
export async function retryJob(ctx: Ctx, taskId: string): Promise<Task> {
  await taskOrNotFound(ctx, taskId)
  if (!(await ctx.jobs.retry(taskId))) throw new AppError('tasks.task_not_retryable')
  return presentTask(await taskOrNotFound(ctx, taskId))
}

/** Cancels a queued, retrying or active job of anyone. */
export async function cancelJob(ctx: Ctx, taskId: string): Promise<Task> {
  await taskOrNotFound(ctx, taskId)
  if (!(await ctx.jobs.cancel(taskId))) throw new AppError('tasks.task_finished')
  return presentTask(await taskOrNotFound(ctx, taskId))
}
