import type { Ctx } from '../../../ctx.ts'
import type { Executor } from '../../../core/db/index.ts'
import { notifyOtherDevices, type PushNotice } from '../../push/index.ts'

/**
 * The moments of a trip that a participant whose phone is in their pocket must hear about, with
 * the words each one's message (rides.push.<moment> in messages.ts) needs. Pick-up is not one: the
 * rider is in the car by then, and the trip page shows it to anyone looking.
 */
export interface TripMoments {
  /** To the rider: a driver accepted and drives to the pick-up. */
  accepted: { driver: string; vehicle: string; plate: string }
  /** To the rider: the driver gave the trip back; it is offered to others again. */
  withdrawn: Record<string, never>
  /** To the rider: dropped off, asked for a rating. */
  completed: Record<string, never>
  /** To the driver who had accepted: the rider cancelled. */
  cancelled: { pickUp: string }
}
export type TripMoment = keyof TripMoments

/** Whether the moment needs the phone woken now, or can wait until it is convenient. */
const URGENCY: Record<TripMoment, NonNullable<PushNotice['urgency']>> = {
  accepted: 'high',
  withdrawn: 'high',
  cancelled: 'high',
  completed: 'normal',
}

/**
 * One kind for every rides notification: the service worker tags a notification with its kind,
 * so the latest about a trip replaces the earlier one ("looking for another driver" does not stay
 * on screen once the next driver is on the way).
 */
export const TRIP_PUSH_KIND = 'rides.trip'

/** The web app's page of a trip (web/src/features/rides/routes.tsx), which a click on the notification opens. */
export function tripPagePath(tripId: string): string {
  return `/rides/trips/${encodeURIComponent(tripId)}`
}

/**
 * Tells the trip's other participant (`userId`, never the one who acted) about a moment of the
 * trip by push, on every device of theirs, in their language. Call it inside the transaction that
 * makes the change: nothing is sent if it rolls back. The notification goes out at once and on
 * its own, not held back and merged with the user's other changes into "N changes": a driver on
 * the way is news only for a minute, and only with their name and plate.
 */
export async function pushTripMoment<M extends TripMoment>(
  ctx: Ctx,
  tx: Executor,
  userId: string,
  tripId: string,
  moment: M,
  params: TripMoments[M],
): Promise<void> {
  await notifyOtherDevices(ctx, tx, {
    userId,
    // The change was made by the other participant, so no device of this user has seen it.
    exceptSessionId: null,
    message: { key: `rides.push.${moment}`, params },
    data: { kind: TRIP_PUSH_KIND, url: tripPagePath(tripId) },
    urgency: URGENCY[moment],
    isImmediate: true,
  })
}
