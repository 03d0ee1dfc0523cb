import { tripChannel } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { presentTrip } from '../present.ts'
import { widenTripSearch } from '../repository/index.ts'
import { findNewDrivers, offerTo, publish, scheduleWidening } from './dispatch.ts'

export interface WidenSearchPayload {
  tripId: string
  /** The radius this job was scheduled for; a job whose trip has moved on does nothing. */
  radiusKm: number
}

/**
 * The rides.widen-search job: nobody accepted a requested trip within its radius, so the radius
 * doubles (up to the maximum), the new drivers in it are offered the trip, the rider hears
 * rides.search_widened ("still looking") and the next widening is scheduled. Idempotent: the
 * widening is a conditional update from the radius in the payload, so a re-run finds it done and
 * does nothing, and a trip taken or cancelled meanwhile is left alone.
 */
export async function widenSearch(ctx: Ctx, payload: WidenSearchPayload): Promise<{ radiusKm: number } | null> {
  const maxKm = ctx.config.rides.dispatchMaxRadiusKm
  const radiusKm = Math.min(payload.radiusKm * 2, maxKm)
  if (radiusKm <= payload.radiusKm) return null
  const result = await ctx.transaction(async (tx) => {
    const row = await widenTripSearch(tx, {
      tripId: payload.tripId,
      from: payload.radiusKm,
      to: radiusKm,
      now: ctx.clock.now(),
    })
    if (row === undefined) return null
    const offered = await findNewDrivers(ctx, tx, row, radiusKm)
    await scheduleWidening(ctx, tx, row.id, radiusKm)
    return { row, offered }
  })
  if (result === null) return null
  const trip = await presentTrip(ctx, result.row)
  offerTo(ctx, trip, result.offered)
  publish(ctx, tripChannel(trip.id), 'rides.search_widened', {
    tripId: trip.id,
    radiusKm,
    isMaxRadius: radiusKm >= maxKm,
    driversOffered: result.offered.length,
  })
  return { radiusKm }
}
