import type { LatLng } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { createMemoryPositions } from './memory.ts'
import { createRedisPositions } from './redis.ts'

/**
 * Drivers' last known positions, for dispatch: in this process's memory, or in Redis (a GEO set
 * and a hash) when REDIS_URL is set, so every server process sees every driver. Only online
 * drivers are kept; going offline removes the driver.
 */
export interface DriverPosition {
  driverId: string
  lat: number
  lng: number
  heading: number | null
  speed: number | null
  /** When it was received, in milliseconds since the epoch. */
  at: number
}

export interface NearbyDriver {
  driverId: string
  distanceKm: number
}

export interface DriverPositions {
  readonly kind: 'memory' | 'redis'
  update(position: DriverPosition): Promise<void>
  remove(driverId: string): Promise<void>
  get(driverId: string): Promise<DriverPosition | null>
  /** Drivers within `radiusKm` of `center` seen at `notBefore` or later, nearest first, at most `limit`. */
  nearby(center: LatLng, radiusKm: number, options: { limit: number; notBefore: number }): Promise<NearbyDriver[]>
  close(): Promise<void>
}

const stores = new WeakMap<Ctx, DriverPositions>()

/** The positions store of this context (made on first use from its config). */
export function driverPositions(ctx: Ctx): DriverPositions {
  let store = stores.get(ctx)
  if (store === undefined) {
    store =
      ctx.config.redisUrl === null
        ? createMemoryPositions()
        : createRedisPositions({
            url: ctx.config.redisUrl,
            onError: (err) => ctx.log.warn({ err }, 'rides positions (Redis) error'),
          })
    stores.set(ctx, store)
  }
  return store
}

/** Closes the context's store, if one was made. */
export async function closeDriverPositions(ctx: Ctx): Promise<void> {
  const store = stores.get(ctx)
  stores.delete(ctx)
  await store?.close()
}

/** Uses `store` for this context instead of one made from the config (tests, benchmarks). */
export function useDriverPositions(ctx: Ctx, store: DriverPositions): void {
  stores.set(ctx, store)
}
