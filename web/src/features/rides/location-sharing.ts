import type { LatLng } from '@madang/contracts'
import { useEffect, useEffectEvent, useState } from 'react'
import { useRealtime } from '../../app/realtime-context.tsx'
import { RealtimeCommandError } from '../../lib/realtime.ts'
import { advanceTowards } from './geo.ts'

/**
 * The driver app's position feed: `rides.location` over the socket, from the browser's geolocation
 * or from a simulated car that drives in a straight line to the pick-up, then to the drop-off. A
 * moving car reports at the server's interval (its rate limit); a waiting one every few seconds, so
 * dispatch still knows where it is.
 */

export type LocationMode = 'simulate' | 'device'

/** The simulated car's speed: 54 km/h. */
export const SIMULATED_SPEED_MS = 15
/** A driver who does not move still reports this often (the server forgets positions after a while). */
export const IDLE_REPORT_MS = 15_000

interface Fix extends LatLng {
  heading: number | null
  speed: number | null
}

/** One simulated tick: where the car is after `intervalMs` of driving towards `target`. */
export function simulateTick(position: LatLng, target: LatLng | null, intervalMs: number): Fix & { isMoving: boolean } {
  if (target === null) return { ...position, heading: null, speed: 0, isMoving: false }
  const step = advanceTowards(position, target, (SIMULATED_SPEED_MS * intervalMs) / 1_000_000)
  const isMoving = step.heading !== null
  return { ...step.position, heading: step.heading, speed: isMoving ? SIMULATED_SPEED_MS : 0, isMoving }
}

export interface LocationSharingOptions {
  isSharing: boolean
  mode: LocationMode
  intervalMs: number
  /** Where the simulated car starts (it jumps there when this changes). */
  start: LatLng
  /** Where the simulated car drives to, if anywhere. */
  target: LatLng | null
}

export interface LocationSharing {
  position: LatLng | null
  /** Key under `location.errors.` when the position cannot be read or sent. */
  problem: string | null
}

function validHeading(value: number | null): number | undefined {
  return value !== null && Number.isFinite(value) && value >= 0 && value <= 360 ? value : undefined
}

function validSpeed(value: number | null): number | undefined {
  return value !== null && Number.isFinite(value) && value >= 0 && value <= 100 ? value : undefined
}

export function useLocationSharing({
  isSharing,
  mode,
  intervalMs,
  start,
  target,
}: LocationSharingOptions): LocationSharing {
  const client = useRealtime()
  // Readings belong to an origin: choosing another start (or the device) starts over from it.
  const origin = mode === 'simulate' ? `simulate:${start.lat},${start.lng}` : 'device'
  const [reading, setReading] = useState<{ origin: string; fix: Fix } | null>(null)
  const [failure, setFailure] = useState<{ origin: string; code: string } | null>(null)
  const fix: Fix | null =
    reading?.origin === origin
      ? reading.fix
      : mode === 'simulate'
        ? { lat: start.lat, lng: start.lng, heading: null, speed: null }
        : null
  const latestFix = useEffectEvent(() => fix)
  const latestTarget = useEffectEvent(() => target)
  const hasGeolocation = globalThis.navigator?.geolocation !== undefined

  useEffect(() => {
    if (mode !== 'device' || !isSharing || !hasGeolocation) return
    const geolocation = navigator.geolocation
    const watch = geolocation.watchPosition(
      (position) => {
        setReading({
          origin: 'device',
          fix: {
            lat: position.coords.latitude,
            lng: position.coords.longitude,
            heading: position.coords.heading,
            speed: position.coords.speed,
          },
        })
        setFailure(null)
      },
      (error) =>
        setFailure({ origin: 'device', code: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, maximumAge: 5000 },
    )
    return () => geolocation.clearWatch(watch)
  }, [mode, isSharing, hasGeolocation])

  useEffect(() => {
    if (!isSharing) return
    let lastSent: Fix | null = null
    let lastSentAt = 0
    const send = (sent: Fix) => {
      lastSent = sent
      lastSentAt = Date.now()
      client
        .command('rides.location', {
          lat: sent.lat,
          lng: sent.lng,
          heading: validHeading(sent.heading),
          speed: validSpeed(sent.speed),
        })
        .then(() => setFailure(null))
        .catch((error: unknown) => {
          // A late or lost frame is replaced by the next one; only a lasting refusal is worth showing.
          if (error instanceof RealtimeCommandError && error.code === 'rides.location_rate_limited') return
          const code =
            error instanceof RealtimeCommandError && error.code === 'realtime.disconnected' ? 'offline' : 'refused'
          setFailure({ origin, code })
        })
    }
    const tick = () => {
      const current = latestFix()
      if (current === null) return
      let next = current
      let isMoving = current !== lastSent
      if (mode === 'simulate') {
        const step = simulateTick(current, latestTarget(), intervalMs)
        isMoving = step.isMoving
        if (isMoving) {
          next = { lat: step.lat, lng: step.lng, heading: step.heading, speed: step.speed }
          setReading({ origin, fix: next })
        }
      }
      if (isMoving || Date.now() - lastSentAt >= IDLE_REPORT_MS) send(next)
    }
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [client, isSharing, mode, intervalMs, origin])

  let problem = failure?.origin === origin ? failure.code : null
  if (mode === 'device' && !hasGeolocation) problem = 'unsupported'
  return { position: fix === null ? null : { lat: fix.lat, lng: fix.lng }, problem }
}
