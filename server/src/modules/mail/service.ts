import type { BroadcastBody, TaskRef } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { Actor } from '../../core/auth/actor.ts'
import { BROADCAST_JOB } from './jobs.ts'

/**
 * Starts a broadcast and returns at once with its task; the mail goes out from a job. Staff only
 * (checked by the route). The caller owns the task and sees its progress on their user channel.
 */
export async function startBroadcast(ctx: Ctx, actor: Actor, input: BroadcastBody): Promise<TaskRef> {
  const { taskId } = await ctx.transaction((tx) =>
    ctx.jobs.enqueue(tx, BROADCAST_JOB, input, { ownerId: actor.userId }),
  )
  return { taskId, state: 'queued' }
}
