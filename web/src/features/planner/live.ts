import type { EventFrame } from '@madang/contracts'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useChannel } from '../../app/realtime-context.tsx'
import { toPlannerEvent } from './cache-updates.ts'
import { applyPlannerEvent, resyncPlanner } from './queries.ts'

/**
 * Keeps the planner's cache in step with the user's other devices: every planner event on the
 * user's channel is written into the cached lists; when events were lost, the planner is refetched.
 * The echo of this session's own change is applied too: it is the same state the answer brought.
 */

/** Writes one realtime frame into the cache; frames of other modules are ignored. */
export function applyRealtimeFrame(queryClient: QueryClient, frame: Pick<EventFrame, 'event' | 'data'>): void {
  const change = toPlannerEvent(frame)
  if (change !== null) applyPlannerEvent(queryClient, change)
}

export function usePlannerLive(): void {
  const queryClient = useQueryClient()
  useChannel('user', {
    onEvent: (frame) => applyRealtimeFrame(queryClient, frame),
    onResync: () => void resyncPlanner(queryClient),
  })
}
