import type { PlannerEvent, PlannerEventMap } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import type { Executor } from '../../../core/db/index.ts'
import { userChannel } from '../../../core/realtime/channels.ts'
import { notifyOtherDevices } from '../../push/index.ts'

/**
 * The one place a planner change is told to the user's other devices: an event on `user:<id>`
 * stamped with the acting session, so that client can skip its own echo, and a push
 * notification to every other device (coalesced by the push module). Call it inside
 * ctx.transaction with its `tx`: both wait for the commit and are dropped on a rollback.
 */
export async function announce<E extends PlannerEvent>(
  ctx: Ctx,
  tx: Executor,
  actor: Actor,
  event: E,
  data: Omit<PlannerEventMap[E], 'originSessionId'>,
): Promise<void> {
  const payload = { ...data, originSessionId: actor.sessionId } as PlannerEventMap[E]
  ctx.realtime.publish(userChannel(actor.userId), event, payload)
  await notifyOtherDevices(ctx, tx, {
    userId: actor.userId,
    exceptSessionId: actor.sessionId,
    message: { key: 'planner.push.changed' },
    data: { kind: event, url: '/planner' },
  })
}
