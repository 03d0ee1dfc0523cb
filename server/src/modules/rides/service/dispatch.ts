import { tripChannel, type RidesEvent, type RidesEventMap, type Trip } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Executor } from '../../../core/db/index.ts'
import { userChannel } from '../../../core/realtime/channels.ts'
import { roundKm } from '../geo.ts'
import { driverPositions, type NearbyDriver } from '../positions/index.ts'
import { presentTrip } from '../present.ts'
import { findAvailableDriverIds, insertOffers } from '../repository/index.ts'
import type { TripRow } from '../tables.ts'

/** Job that widens a requested trip's search when nobody accepted it in time. */
export const WIDEN_SEARCH_JOB = 'rides.widen-search'

/** Drivers offered a trip at once, at most. */
const MAX_OFFERS_PER_ROUND = 50

export interface Offered {
  driverId: string
  distanceKm: number
}

/** Publishes a rides event (after the surrounding transaction commits). */
export function publish<E extends RidesEvent>(ctx: Ctx, channel: string, event: E, data: RidesEventMap[E]): void {
  ctx.realtime.publish(channel, event, data)
}

/**
 * Finds the online, free drivers within `radiusKm` of the trip's pick-up that were not shown it
 * yet, nearest first, and records them as offered (in `tx`). The caller publishes the offers
 * (offerTo) once it has the presented trip.
 */
export async function findNewDrivers(ctx: Ctx, tx: Executor, trip: TripRow, radiusKm: number): Promise<Offered[]> {
  const notBefore = ctx.clock.now().getTime() - ctx.config.rides.locationStaleSeconds * 1000
  let near: NearbyDriver[]
  try {
    near = await driverPositions(ctx).nearby({ lat: trip.pickUpLat, lng: trip.pickUpLng }, radiusKm, {
      limit: MAX_OFFERS_PER_ROUND,
      notBefore,
    })
  } catch (error) {
    // E.g. Redis is away: the trip is still requested (and listed), and the widening job tries again.
    ctx.log.warn({ err: error, tripId: trip.id }, 'rides dispatch could not read driver positions')
    return []
  }
  const candidates = near.filter((d) => d.driverId !== trip.riderId)
  const available = await findAvailableDriverIds(
    tx,
    candidates.map((d) => d.driverId),
  )
  const chosen = candidates
    .filter((d) => available.has(d.driverId))
    .map((d) => ({ driverId: d.driverId, distanceKm: roundKm(d.distanceKm) }))
  const fresh = await insertOffers(tx, trip.id, chosen, ctx.clock.now())
  return chosen.filter((d) => fresh.has(d.driverId))
}

/** Tells each driver of the trip on their own channel, nearest first. */
export function offerTo(ctx: Ctx, trip: Trip, drivers: readonly Offered[]): void {
  for (const d of drivers) {
    publish(ctx, userChannel(d.driverId), 'rides.trip_offered', { trip, distanceKm: d.distanceKm })
  }
}

/** Takes the trip off the lists of these drivers. */
export function revokeFrom(
  ctx: Ctx,
  tripId: string,
  driverIds: readonly string[],
  reason: RidesEventMap['rides.offer_revoked']['reason'],
): void {
  for (const driverId of driverIds) publish(ctx, userChannel(driverId), 'rides.offer_revoked', { tripId, reason })
}

/** Presents the changed trip and publishes it as rides.trip_updated on its channel (after commit). */
export async function announceTrip(ctx: Ctx, row: TripRow): Promise<Trip> {
  const trip = await presentTrip(ctx, row)
  publish(ctx, tripChannel(trip.id), 'rides.trip_updated', { trip })
  return trip
}

/** Schedules the next widening of a requested trip's search, unless it is at the maximum already (in `tx`). */
export async function scheduleWidening(ctx: Ctx, tx: Executor, tripId: string, radiusKm: number): Promise<void> {
  if (radiusKm >= ctx.config.rides.dispatchMaxRadiusKm) return
  const startAfter = new Date(ctx.clock.now().getTime() + ctx.config.rides.dispatchWidenAfterSeconds * 1000)
  await ctx.jobs.enqueue(tx, WIDEN_SEARCH_JOB, { tripId, radiusKm }, { startAfter })
}
