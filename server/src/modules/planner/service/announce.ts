import type { PlannerEvent, PlannerEventMap } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { userChannel } from '../../../core/realtime/channels.ts'

/**
 * The one place a planner change is told to the user's other clients: an event on `user:<id>`
 * stamped with the acting session, so that client can skip its own echo. Call it inside
 * ctx.transaction: the publish waits for the commit and is dropped on a rollback. Anything else
 * a change should trigger on the user's other devices (push) belongs here too.
 */
export function announce<E extends PlannerEvent>(
  ctx: Ctx,
  actor: Actor,
  event: E,
  data: Omit<PlannerEventMap[E], 'originSessionId'>,
): void {
  const payload = { ...data, originSessionId: actor.sessionId } as PlannerEventMap[E]
  ctx.realtime.publish(userChannel(actor.userId), event, payload)
}
