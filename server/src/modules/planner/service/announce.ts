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
    data: { kind: event, url: pushUrl(event, payload) },
  })
}

/**
 * The page a push for this change opens: the todo it concerns (the web app shows it in its sheet),
 * or the planner itself for categories and for a todo that is gone.
 */
export function pushUrl<E extends PlannerEvent>(event: E, data: PlannerEventMap[E]): string {
  const todoId = changedTodoId(event, data)
  return todoId === null ? '/planner' : `/planner/todos/${encodeURIComponent(todoId)}`
}

function changedTodoId<E extends PlannerEvent>(event: E, data: PlannerEventMap[E]): string | null {
  const change = { event, data } as PlannerChange
  switch (change.event) {
    case 'planner.todo_created':
    case 'planner.todo_updated':
    case 'planner.todo_moved':
      return change.data.todo.id
    case 'planner.subtodos_created':
    case 'planner.subtodo_deleted':
      return change.data.todoId
    case 'planner.subtodo_updated':
    case 'planner.subtodo_moved':
      return change.data.subtodo.todoId
    case 'planner.todo_deleted':
    case 'planner.category_created':
    case 'planner.category_updated':
    case 'planner.category_moved':
    case 'planner.category_deleted':
      return null
    default: {
      const unknown: never = change
      return unknown
    }
  }
}

/** An event with its data, as a union the switch above can narrow. */
type PlannerChange = { [E in PlannerEvent]: { event: E; data: PlannerEventMap[E] } }[PlannerEvent]
