import { Redis } from 'ioredis'
import type { DriverPosition, DriverPositions, NearbyDriver } from './index.ts'

/**
 * Positions in Redis, shared by every server process: a GEO set (`<prefix>geo`) answers "who is
 * near", and a hash (`<prefix>pos`) keeps each driver's full position with its time, so stale
 * drivers can be skipped. Both are written in one round trip.
 */
export interface RedisPositionsOptions {
  url: string
  /** Key prefix, so several deployments (or test files) can share one Redis. */
  prefix?: string
  /** Both keys expire this long after the last update (a deployment that stops leaves nothing behind). */
  ttlMs?: number
  onError?: (error: unknown) => void
}

/** How often a process renews the keys' expiry (not on every one of its thousands of updates a second). */
const EXPIRY_RENEWAL_MS = 60_000

export function createRedisPositions(options: RedisPositionsOptions): DriverPositions {
  const prefix = options.prefix ?? 'madang:rides:'
  const geoKey = `${prefix}geo`
  const hashKey = `${prefix}pos`
  const ttlMs = options.ttlMs ?? 24 * 3600 * 1000
  let expiryRenewedAt = 0
  const client = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  })
  client.on('error', (error) => options.onError?.(error))

  const parse = (driverId: string, text: string | null): DriverPosition | null => {
    if (text === null) return null
    const value = JSON.parse(text) as Omit<DriverPosition, 'driverId'>
    return { driverId, ...value }
  }

  return {
    kind: 'redis',
    async update(position) {
      const { driverId, ...rest } = position
      // A pipeline, not MULTI: a reader that sees the GEO entry before the hash one just skips it.
      const pipeline = client
        .pipeline()
        .geoadd(geoKey, position.lng, position.lat, driverId)
        .hset(hashKey, driverId, JSON.stringify(rest))
      const at = Date.now()
      if (at - expiryRenewedAt > EXPIRY_RENEWAL_MS) {
        expiryRenewedAt = at
        pipeline.pexpire(geoKey, ttlMs).pexpire(hashKey, ttlMs)
      }
      const results = await pipeline.exec()
      const error = results?.find(([failure]) => failure !== null)?.[0]
      if (error != null) throw error
    },
    async remove(driverId) {
      await client.multi().zrem(geoKey, driverId).hdel(hashKey, driverId).exec()
    },
    async get(driverId) {
      return parse(driverId, await client.hget(hashKey, driverId))
    },
    async nearby(center, radiusKm, { limit, notBefore }) {
      // Ask for more than `limit`: some of the nearest may be stale and skipped below.
      const reply = (await client.call(
        'GEOSEARCH',
        geoKey,
        'FROMLONLAT',
        String(center.lng),
        String(center.lat),
        'BYRADIUS',
        String(radiusKm),
        'km',
        'ASC',
        'COUNT',
        String(Math.max(limit * 3, 50)),
        'WITHDIST',
      )) as Array<[string, string]>
      if (reply.length === 0) return []
      const texts = await client.hmget(hashKey, ...reply.map(([id]) => id))
      const found: NearbyDriver[] = []
      reply.forEach(([driverId, dist], i) => {
        const position = parse(driverId, texts[i] ?? null)
        if (position === null || position.at < notBefore || found.length >= limit) return
        found.push({ driverId, distanceKm: Number(dist) })
      })
      return found
    },
    async close() {
      client.disconnect()
    },
  }
}
