import type {
  EstimateBody,
  FareEstimate,
  NearbyTrips,
  NearbyTripsQuery,
  RequestTripBody,
  Trip,
  TripDetail,
  TripHistoryQuery,
  TripPage,
} from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { isUniqueViolation } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { decodeCursor, encodeCursor } from '../../../core/http/cursor.ts'
import { boundingBox, distanceKm, estimateFare, roundKm } from '../geo.ts'
import { driverPositions } from '../positions/index.ts'
import { presentRoutePoint, presentTrip, presentTrips } from '../present.ts'
import {
  findDriver,
  findTrip,
  insertShownTrips,
  insertTrip,
  listRequestedTripsInBox,
  listRoutePoints,
  listTripsPage,
} from '../repository/index.ts'
import { roleIn } from '../state-machine.ts'
import { findNewDrivers, offerTo, scheduleWidening } from './dispatch.ts'

/** Route points returned with a trip, at most (a downsampled route rarely has this many). */
const MAX_ROUTE_POINTS = 5000
/** Requested trips looked at for a driver's nearby list before sorting by distance. */
const NEARBY_SCAN_LIMIT = 200

/** The straight-line distance between two points and the fare the configured tariff gives for it. */
export function estimateTrip(ctx: Ctx, input: EstimateBody): FareEstimate {
  return estimateFare(input.pickUp, input.dropOff, ctx.config.rides)
}

/**
 * Requests a trip for the calling rider, with its fare estimate, and offers it live to the online
 * drivers within the dispatch radius of the pick-up (rides.trip_offered on each `user:<id>`,
 * nearest first). A rider has one open trip at a time (rides.rider_busy). Schedules the
 * rides.widen-search job for when nobody accepts in time.
 */
export async function requestTrip(ctx: Ctx, actor: Actor, input: RequestTripBody): Promise<Trip> {
  const estimate = estimateFare(input.pickUp, input.dropOff, ctx.config.rides)
  const radiusKm = ctx.config.rides.dispatchRadiusKm
  const now = ctx.clock.now()
  let result
  try {
    result = await ctx.transaction(async (tx) => {
      const row = await insertTrip(tx, {
        riderId: actor.userId,
        pickUpAddress: input.pickUp.address.trim(),
        pickUpLat: input.pickUp.lat,
        pickUpLng: input.pickUp.lng,
        dropOffAddress: input.dropOff.address.trim(),
        dropOffLat: input.dropOff.lat,
        dropOffLng: input.dropOff.lng,
        distanceKm: estimate.distanceKm,
        fareAmount: estimate.fare.amount,
        fareCurrency: estimate.fare.currency,
        searchRadiusKm: radiusKm,
        createdAt: now,
        updatedAt: now,
      })
      const offered = await findNewDrivers(ctx, tx, row, radiusKm)
      await scheduleWidening(ctx, tx, row.id, radiusKm)
      return { row, offered }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'trips_one_open_per_rider_key')) throw new AppError('rides.rider_busy')
    throw error
  }
  const trip = await presentTrip(ctx, result.row)
  offerTo(ctx, trip, result.offered)
  return trip
}

/** A trip with its route so far, for its rider and its driver; anyone else gets rides.trip_not_found. */
export async function getTrip(ctx: Ctx, actor: Actor, tripId: string): Promise<TripDetail> {
  const row = await findTrip(ctx.db, tripId)
  if (row === undefined || roleIn(row, actor.userId) === 'other') throw new AppError('rides.trip_not_found')
  const [trip, points] = await Promise.all([presentTrip(ctx, row), listRoutePoints(ctx.db, tripId, MAX_ROUTE_POINTS)])
  return { trip, route: points.map(presentRoutePoint) }
}

/** The caller's trips as rider or as driver, newest first, a page at a time (rides.invalid_cursor). */
export async function listMyTrips(ctx: Ctx, actor: Actor, query: TripHistoryQuery): Promise<TripPage> {
  const limit = query.limit ?? 20
  const rows = await listTripsPage(ctx.db, {
    userId: actor.userId,
    role: query.role ?? 'rider',
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, 'rides.invalid_cursor'),
    limit,
  })
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: await presentTrips(ctx, page),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  }
}

/**
 * The requested trips an online driver may take, nearest first: those whose current search radius
 * reaches the driver (at `lat`,`lng`, else the driver's last location: rides.location_unknown
 * without either). Each listed trip counts as shown, so the driver is told when it goes.
 * Errors: rides.not_a_driver, rides.driver_offline.
 */
export async function listNearbyTrips(ctx: Ctx, actor: Actor, query: NearbyTripsQuery): Promise<NearbyTrips> {
  const driver = await findDriver(ctx.db, actor.userId)
  if (driver === undefined) throw new AppError('rides.not_a_driver')
  if (!driver.isOnline) throw new AppError('rides.driver_offline')
  const center =
    query.lat !== undefined && query.lng !== undefined
      ? { lat: query.lat, lng: query.lng }
      : await driverPositions(ctx).get(actor.userId)
  if (center === null) throw new AppError('rides.location_unknown')
  const maxRadiusKm = ctx.config.rides.dispatchMaxRadiusKm
  const rows = await listRequestedTripsInBox(ctx.db, boundingBox(center, maxRadiusKm), {
    excludeRiderId: actor.userId,
    limit: NEARBY_SCAN_LIMIT,
  })
  const near = rows
    .map((row) => ({ row, distanceKm: distanceKm(center, { lat: row.pickUpLat, lng: row.pickUpLng }) }))
    .filter((n) => n.distanceKm <= n.row.searchRadiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm)
    .slice(0, query.limit ?? 20)
  await insertShownTrips(
    ctx.db,
    actor.userId,
    near.map((n) => ({ tripId: n.row.id, distanceKm: roundKm(n.distanceKm) })),
    ctx.clock.now(),
  )
  const trips = await presentTrips(
    ctx,
    near.map((n) => n.row),
  )
  return {
    items: trips.map((trip, i) => ({ trip, distanceKm: roundKm(near[i]?.distanceKm ?? 0) })),
    radiusKm: maxRadiusKm,
  }
}
