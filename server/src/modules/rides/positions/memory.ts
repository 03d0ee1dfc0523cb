import { distanceKm } from '../geo.ts'
import type { DriverPosition, DriverPositions, NearbyDriver } from './index.ts'

/** Positions in this process's memory: for one server process (the default without REDIS_URL). */
export function createMemoryPositions(): DriverPositions {
  const positions = new Map<string, DriverPosition>()
  return {
    kind: 'memory',
    async update(position) {
      positions.set(position.driverId, { ...position })
    },
    async remove(driverId) {
      positions.delete(driverId)
    },
    async get(driverId) {
      const position = positions.get(driverId)
      return position === undefined ? null : { ...position }
    },
    async nearby(center, radiusKm, { limit, notBefore }) {
      const found: NearbyDriver[] = []
      for (const position of positions.values()) {
        if (position.at < notBefore) continue
        const km = distanceKm(center, position)
        if (km <= radiusKm) found.push({ driverId: position.driverId, distanceKm: km })
      }
      return found.sort((a, b) => a.distanceKm - b.distanceKm).slice(0, limit)
    },
    async close() {
      positions.clear()
    },
  }
}
