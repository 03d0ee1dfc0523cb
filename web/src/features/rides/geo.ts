import type { LatLng } from '@madang/contracts'

/**
 * Straight-line geometry for the rides pages: distances, the ETA shown to the rider, and the
 * simulated drive a demo driver makes towards the pick-up and then the drop-off.
 */

const EARTH_RADIUS_KM = 6371
/** Assumed when the driver's speed is unknown (or they are standing still at a light). */
export const DEFAULT_SPEED_KMH = 30
/** Below this the driver is waiting, not driving: the ETA uses the default speed. */
const MIN_MOVING_SPEED_MS = 1

const toRadians = (degrees: number) => (degrees * Math.PI) / 180
const toDegrees = (radians: number) => (radians * 180) / Math.PI

/** Great-circle (haversine) distance in kilometres. */
export function distanceKm(from: LatLng, to: LatLng): number {
  const dLat = toRadians(to.lat - from.lat)
  const dLng = toRadians(to.lng - from.lng)
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)))
}

/**
 * Whole minutes to cover `km` in a straight line at `speedMs` metres per second (the driver's
 * reported speed), at least 1 while there is any way left; 0 when arrived.
 */
export function etaMinutes(km: number, speedMs: number | null | undefined): number {
  if (km <= 0.01) return 0
  const kmh =
    speedMs !== null && speedMs !== undefined && speedMs >= MIN_MOVING_SPEED_MS ? speedMs * 3.6 : DEFAULT_SPEED_KMH
  return Math.max(1, Math.ceil((km / kmh) * 60))
}

/** Initial bearing from one point to another, degrees clockwise from north in [0, 360). */
export function bearing(from: LatLng, to: LatLng): number {
  const lat1 = toRadians(from.lat)
  const lat2 = toRadians(to.lat)
  const dLng = toRadians(to.lng - from.lng)
  const y = Math.sin(dLng) * Math.cos(lat2)
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLng)
  return (toDegrees(Math.atan2(y, x)) + 360) % 360
}

/** The point `fraction` (0..1) of the way along the straight line between two points. */
export function interpolate(from: LatLng, to: LatLng, fraction: number): LatLng {
  const f = Math.min(1, Math.max(0, fraction))
  return { lat: from.lat + (to.lat - from.lat) * f, lng: from.lng + (to.lng - from.lng) * f }
}

export interface SimulatedStep {
  position: LatLng
  /** Degrees clockwise from north, or null when the car did not move. */
  heading: number | null
  hasArrived: boolean
}

/** Moves a simulated car `stepKm` along the straight line towards `target`, stopping on it. */
export function advanceTowards(from: LatLng, target: LatLng, stepKm: number): SimulatedStep {
  const remaining = distanceKm(from, target)
  if (remaining <= stepKm || remaining < 1e-6) {
    return { position: { ...target }, heading: remaining < 1e-6 ? null : bearing(from, target), hasArrived: true }
  }
  return { position: interpolate(from, target, stepKm / remaining), heading: bearing(from, target), hasArrived: false }
}
