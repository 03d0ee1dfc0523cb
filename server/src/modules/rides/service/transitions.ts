import { tripChannel, type Trip } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import type { Executor } from '../../../core/db/index.ts'
import { isUniqueViolation } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { contactsByIds } from '../../accounts/index.ts'
import {
  acceptTripRow,
  deleteOffersExcept,
  findDriver,
  findTrip,
  listOfferedDriverIds,
  lockTrip,
  rateTripRow,
  updateTripRow,
} from '../repository/index.ts'
import { decideTransition, roleIn, type TripAction } from '../state-machine.ts'
import type { TripRow } from '../tables.ts'
import { announceTrip, findNewDrivers, offerTo, revokeFrom, scheduleWidening } from './dispatch.ts'
import { forgetDriverState, forgetRoute } from './location.ts'
import { pushTripMoment } from './push.ts'

/**
 * Accepts a requested trip for the calling online driver. Exactly one driver wins a race (one
 * conditional UPDATE); the others get rides.trip_taken. A driver has one active trip at a time
 * (rides.driver_busy) and cannot take their own request (rides.own_trip). Publishes
 * rides.trip_updated on the trip channel and rides.offer_revoked to every other driver shown it,
 * and pushes the driver's name, vehicle and plate to the rider's devices.
 * Errors: rides.not_a_driver, rides.driver_offline, rides.trip_not_found, rides.invalid_transition.
 */
export async function acceptTrip(ctx: Ctx, actor: Actor, tripId: string): Promise<Trip> {
  const [driver, contacts] = await Promise.all([findDriver(ctx.db, actor.userId), contactsByIds(ctx, [actor.userId])])
  if (driver === undefined) throw new AppError('rides.not_a_driver')
  if (!driver.isOnline) throw new AppError('rides.driver_offline')
  let row: TripRow | undefined
  try {
    row = await ctx.transaction(async (tx) => {
      const accepted = await acceptTripRow(tx, { tripId, driverId: actor.userId, now: ctx.clock.now() })
      // Only the winner of the race tells the rider; the others change nothing and say nothing.
      if (accepted !== undefined) {
        await pushTripMoment(ctx, tx, accepted.riderId, accepted.id, 'accepted', {
          driver: contacts.get(actor.userId)?.displayName ?? '',
          vehicle: driver.vehicle,
          plate: driver.plate,
        })
      }
      return accepted
    })
  } catch (error) {
    // Two accepts of two trips by one driver at once: the partial unique index lets one through.
    if (isUniqueViolation(error, 'trips_one_active_per_driver_key')) throw new AppError('rides.driver_busy')
    throw error
  }
  if (row === undefined) throw await whyNotAccepted(ctx, actor, tripId)
  forgetDriverState(ctx, actor.userId)
  const [trip, shown] = await Promise.all([announceTrip(ctx, row), listOfferedDriverIds(ctx.db, tripId)])
  revokeFrom(
    ctx,
    tripId,
    shown.filter((id) => id !== actor.userId),
    'taken',
  )
  return trip
}

async function whyNotAccepted(ctx: Ctx, actor: Actor, tripId: string): Promise<AppError> {
  const current = await findTrip(ctx.db, tripId)
  if (current === undefined) return new AppError('rides.trip_not_found')
  const decision = decideTransition(current.status, 'accept', roleIn(current, actor.userId))
  // Still requested, so the condition that failed was the driver's other active trip.
  if (decision.ok) return new AppError('rides.driver_busy')
  return new AppError(decision.error)
}

/**
 * The trip's driver has the rider aboard: STARTED → IN_PROGRESS. Publishes rides.trip_updated; no
 * push, since the rider is in the car.
 */
export async function pickUpRider(ctx: Ctx, actor: Actor, tripId: string): Promise<Trip> {
  const { row } = await transition(ctx, actor, tripId, 'pick_up', async (tx, current, now) => ({
    row: await updateTripRow(tx, current.id, { status: 'IN_PROGRESS', pickedUpAt: now, updatedAt: now }),
  }))
  return announceTrip(ctx, row)
}

/**
 * The trip's driver drops the rider off: IN_PROGRESS → COMPLETED. Publishes rides.trip_updated and
 * pushes the rider a request to rate the trip.
 */
export async function completeTrip(ctx: Ctx, actor: Actor, tripId: string): Promise<Trip> {
  const { row } = await transition(ctx, actor, tripId, 'complete', async (tx, current, now) => {
    const row = await updateTripRow(tx, current.id, { status: 'COMPLETED', completedAt: now, updatedAt: now })
    await pushTripMoment(ctx, tx, row.riderId, row.id, 'completed', {})
    return { row }
  })
  forgetDriverState(ctx, actor.userId)
  forgetRoute(ctx, tripId)
  return announceTrip(ctx, row)
}

/**
 * The rider cancels before pick-up (REQUESTED or STARTED → CANCELLED). Publishes
 * rides.trip_updated, and rides.offer_revoked to the drivers still being shown the trip; a driver
 * who had accepted it (and may be driving to the pick-up) is told by push.
 */
export async function cancelTrip(ctx: Ctx, actor: Actor, tripId: string): Promise<Trip> {
  const { row, shown } = await transition(ctx, actor, tripId, 'cancel', async (tx, current, now) => {
    const row = await updateTripRow(tx, current.id, { status: 'CANCELLED', cancelledAt: now, updatedAt: now })
    if (current.driverId !== null) {
      await pushTripMoment(ctx, tx, current.driverId, row.id, 'cancelled', { pickUp: row.pickUpAddress })
    }
    // Once accepted, the others were told already.
    const shown = current.status === 'REQUESTED' ? await listOfferedDriverIds(tx, current.id) : []
    return { row, shown }
  })
  if (row.driverId !== null) forgetDriverState(ctx, row.driverId)
  forgetRoute(ctx, tripId)
  const trip = await announceTrip(ctx, row)
  revokeFrom(ctx, tripId, shown, 'cancelled')
  return trip
}

/**
 * The trip's driver gives it back before pick-up: STARTED → REQUESTED, without a driver, and it
 * is offered again from the first radius (to everyone near but this driver). Publishes
 * rides.trip_updated and rides.trip_offered, ends the driver's subscriptions to the trip
 * channel (they no longer see the rider's trip) and pushes the rider that another driver is sought.
 */
export async function withdrawFromTrip(ctx: Ctx, actor: Actor, tripId: string): Promise<Trip> {
  const radiusKm = ctx.config.rides.dispatchRadiusKm
  const { row, offered } = await transition(ctx, actor, tripId, 'withdraw', async (tx, current, now) => {
    const row = await updateTripRow(tx, current.id, {
      status: 'REQUESTED',
      driverId: null,
      acceptedAt: null,
      searchRadiusKm: radiusKm,
      updatedAt: now,
    })
    await deleteOffersExcept(tx, current.id, actor.userId)
    const offered = await findNewDrivers(ctx, tx, row, radiusKm)
    await scheduleWidening(ctx, tx, row.id, radiusKm)
    await pushTripMoment(ctx, tx, row.riderId, row.id, 'withdrawn', {})
    return { row, offered }
  })
  forgetDriverState(ctx, actor.userId)
  ctx.realtime.revalidate(actor.userId, tripChannel(tripId))
  const trip = await announceTrip(ctx, row)
  offerTo(ctx, trip, offered)
  return trip
}

/** The rider rates a completed trip 1-5, once (rides.already_rated). Publishes rides.trip_updated. */
export async function rateTrip(ctx: Ctx, actor: Actor, tripId: string, rating: number): Promise<Trip> {
  const { row } = await transition(ctx, actor, tripId, 'rate', async (tx, current, now) => {
    if (current.rating !== null) throw new AppError('rides.already_rated')
    const row = await rateTripRow(tx, { tripId: current.id, riderId: actor.userId, rating, now })
    if (row === undefined) throw new AppError('rides.already_rated')
    return { row }
  })
  return announceTrip(ctx, row)
}

/**
 * Runs one transition under the trip's row lock: only a participant sees the trip
 * (rides.trip_not_found otherwise), and the state machine decides whether this role may do this now.
 */
async function transition<R extends { row: TripRow }>(
  ctx: Ctx,
  actor: Actor,
  tripId: string,
  action: TripAction,
  apply: (tx: Executor, current: TripRow, now: Date) => Promise<R>,
): Promise<R> {
  const now = ctx.clock.now()
  return ctx.transaction(async (tx) => {
    const current = await lockTrip(tx, tripId)
    const role = current === undefined ? 'other' : roleIn(current, actor.userId)
    if (current === undefined || role === 'other') throw new AppError('rides.trip_not_found')
    const decision = decideTransition(current.status, action, role)
    if (!decision.ok) throw new AppError(decision.error)
    return apply(tx, current, now)
  })
}
