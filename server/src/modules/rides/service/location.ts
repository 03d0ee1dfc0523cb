import { tripChannel, type LocationAck, type LocationCommand } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { distanceKm } from '../geo.ts'
import { driverPositions } from '../positions/index.ts'
import { findDriverState, findLastRoutePoint, insertRoutePoint, type DriverState } from '../repository/index.ts'
import { publish } from './dispatch.ts'

/**
 * How long a driver's state (online, active trip) is trusted before it is re-read. Changes made in
 * this process forget it at once; a change made by another process shows within about this time
 * (at once for a location that names its `tripId`, which re-reads the state when it does not match).
 */
const DRIVER_STATE_TTL_MS = 5000
/** A trip's route keeps a point when the driver moved this far or this long since the last kept one. */
const ROUTE_MIN_DISTANCE_KM = 0.025
const ROUTE_MIN_INTERVAL_MS = 30_000
/** Bounds the per-process caches; beyond it they start over (they are only caches). */
const MAX_CACHED = 50_000

interface LocationState {
  drivers: Map<string, { state: DriverState | undefined; fetchedAt: number; isRefreshing: boolean }>
  buckets: Map<string, { tokens: number; at: number }>
  routes: Map<string, { lat: number; lng: number; at: number }>
  /** Bumped by every forget, so a read that started before it is not cached after it. */
  generation: number
}

const states = new WeakMap<Ctx, LocationState>()

/** Sets `key` in a bounded cache: adding one more key to a full cache starts it over. */
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHED && !cache.has(key)) cache.clear()
  cache.set(key, value)
  return value
}

function stateOf(ctx: Ctx): LocationState {
  let state = states.get(ctx)
  if (state === undefined) {
    state = { drivers: new Map(), buckets: new Map(), routes: new Map(), generation: 0 }
    states.set(ctx, state)
  }
  return state
}

/** Drops what this process remembers of a driver (after their trip or status changed). */
export function forgetDriverState(ctx: Ctx, driverId: string): void {
  const state = stateOf(ctx)
  state.drivers.delete(driverId)
  state.generation += 1
}

/** Drops the last kept route point of a finished trip. */
export function forgetRoute(ctx: Ctx, tripId: string): void {
  stateOf(ctx).routes.delete(tripId)
}

/**
 * The driver's state from this process's cache. A fresh read (`isFresh`), a first one or one after
 * a long pause waits for the database; an entry just past its time is still used while it is
 * re-read in the background, so a driver's steady stream of locations never waits on the database.
 */
async function loadDriverState(ctx: Ctx, driverId: string, isFresh: boolean): Promise<DriverState | undefined> {
  const cache = stateOf(ctx).drivers
  const cached = cache.get(driverId)
  const age = cached === undefined ? Infinity : ctx.clock.now().getTime() - cached.fetchedAt
  // Long unused (a driver who paused): too old to use even once.
  if (isFresh || cached === undefined || age >= 3 * DRIVER_STATE_TTL_MS) return refreshDriverState(ctx, driverId)
  if (age >= DRIVER_STATE_TTL_MS && !cached.isRefreshing) {
    cached.isRefreshing = true
    refreshDriverState(ctx, driverId)
      .catch((err: unknown) => ctx.log.warn({ err, driverId }, 'rides could not re-read a driver'))
      .finally(() => {
        // When the read was not cached (a change raced it), the next location tries again.
        cached.isRefreshing = false
      })
  }
  return cached.state
}

async function refreshDriverState(ctx: Ctx, driverId: string): Promise<DriverState | undefined> {
  const local = stateOf(ctx)
  const generation = local.generation
  const fetchedAt = ctx.clock.now().getTime()
  const state = await findDriverState(ctx.db, driverId)
  if (local.generation === generation) remember(local.drivers, driverId, { state, fetchedAt, isRefreshing: false })
  return state
}

/** A token bucket per driver: `locationPerSecond` sustained, `locationBurst` at once. */
function takeToken(ctx: Ctx, driverId: string): boolean {
  const { locationPerSecond, locationBurst } = ctx.config.rides
  const buckets = stateOf(ctx).buckets
  const now = ctx.clock.now().getTime()
  const bucket = buckets.get(driverId) ?? remember(buckets, driverId, { tokens: locationBurst, at: now })
  bucket.tokens = Math.min(locationBurst, bucket.tokens + ((now - bucket.at) / 1000) * locationPerSecond)
  bucket.at = now
  if (bucket.tokens < 1) return false
  bucket.tokens -= 1
  return true
}

/**
 * The `rides.location` socket command: a driver's position. It is kept for dispatch while the
 * driver is online, published as rides.driver_located on the active trip's channel, and added to
 * the trip's downsampled route. With `tripId`, the trip must be the caller's active trip
 * (realtime.forbidden otherwise). Errors: rides.location_rate_limited (over the per-driver rate;
 * the socket stays open), rides.not_a_driver.
 */
export async function reportLocation(ctx: Ctx, actor: Actor, input: LocationCommand): Promise<LocationAck> {
  if (!takeToken(ctx, actor.userId)) {
    throw new AppError('rides.location_rate_limited', { params: { perSecond: ctx.config.rides.locationPerSecond } })
  }
  let state = await loadDriverState(ctx, actor.userId, false)
  if (state !== undefined && input.tripId !== undefined && state.activeTripId !== input.tripId) {
    // The trip may have been accepted through another process a moment ago.
    state = await loadDriverState(ctx, actor.userId, true)
  }
  if (state === undefined) throw new AppError('rides.not_a_driver')
  const tripId = state.activeTripId
  if (input.tripId !== undefined && tripId !== input.tripId) throw new AppError('realtime.forbidden')
  const now = ctx.clock.now()
  const position = {
    driverId: actor.userId,
    lat: input.lat,
    lng: input.lng,
    heading: input.heading ?? null,
    speed: input.speed ?? null,
    at: now.getTime(),
  }
  // The rider sees the position first; storing it for dispatch and the route can follow.
  if (tripId !== null) {
    publish(ctx, tripChannel(tripId), 'rides.driver_located', {
      tripId,
      driverId: actor.userId,
      lat: position.lat,
      lng: position.lng,
      heading: position.heading,
      speed: position.speed,
      at: now.toISOString(),
    })
  }
  await Promise.all([
    state.isOnline ? driverPositions(ctx).update(position) : undefined,
    tripId === null ? undefined : keepRoutePoint(ctx, tripId, position),
  ])
  return { tripId }
}

/** Adds the position to the trip's route when it is far or long enough from the last kept point. */
async function keepRoutePoint(ctx: Ctx, tripId: string, position: { lat: number; lng: number; at: number }) {
  const routes = stateOf(ctx).routes
  let last = routes.get(tripId)
  if (last === undefined) {
    const row = await findLastRoutePoint(ctx.db, tripId)
    if (row !== undefined) last = remember(routes, tripId, { lat: row.lat, lng: row.lng, at: row.recordedAt.getTime() })
  }
  const isFarEnough = last === undefined || distanceKm(last, position) >= ROUTE_MIN_DISTANCE_KM
  const isLongEnough = last === undefined || position.at - last.at >= ROUTE_MIN_INTERVAL_MS
  if (!isFarEnough && !isLongEnough) return
  await insertRoutePoint(ctx.db, { tripId, lat: position.lat, lng: position.lng, recordedAt: new Date(position.at) })
  remember(routes, tripId, { lat: position.lat, lng: position.lng, at: position.at })
}
