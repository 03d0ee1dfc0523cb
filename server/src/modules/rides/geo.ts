import type { FareEstimate, LatLng } from '@madang/contracts'

/** Distances and the tariff: pure functions over WGS 84 coordinates. */

const EARTH_RADIUS_KM = 6371.0088

/** The great-circle (haversine) distance in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180
  const dLat = toRad(b.lat - a.lat)
  const dLng = toRad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface Tariff {
  fareBase: number
  farePerKm: number
  fareCurrency: string
}

/** The fare for the straight-line distance: base + per-km × km, rounded to a whole unit. */
export function estimateFare(pickUp: LatLng, dropOff: LatLng, tariff: Tariff): FareEstimate {
  const km = distanceKm(pickUp, dropOff)
  return {
    distanceKm: roundKm(km),
    fare: { amount: Math.round(tariff.fareBase + tariff.farePerKm * km), currency: tariff.fareCurrency },
  }
}

/** Kilometres to the metre, for display and storage. */
export function roundKm(km: number): number {
  return Math.round(km * 1000) / 1000
}

/**
 * A latitude/longitude box that contains every point within `radiusKm` of `center`, for an index
 * scan before the exact distance check. Near the poles or across the antimeridian it covers every
 * longitude rather than being clever.
 */
export function boundingBox(
  center: LatLng,
  radiusKm: number,
): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI)
  const minLat = Math.max(-90, center.lat - dLat)
  const maxLat = Math.min(90, center.lat + dLat)
  const cos = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180)
  const dLng = cos < 1e-6 ? 360 : dLat / cos
  if (dLng >= 180 || center.lng - dLng < -180 || center.lng + dLng > 180) {
    return { minLat, maxLat, minLng: -180, maxLng: 180 }
  }
  return { minLat, maxLat, minLng: center.lng - dLng, maxLng: center.lng + dLng }
}
