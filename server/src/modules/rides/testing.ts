import type { DriverProfile, EventFrame, Problem, RidesEventMap, ServerFrame, Trip } from '@madang/contracts'
import { expect } from 'vitest'
import { signUpUser, type HttpResponse, type TestServer } from '../../test/server.ts'

export { expectProblem } from '../../test/server.ts'
import { openTestSocket, type TestSocket } from '../../test/ws-client.ts'

/** Test helpers for the rides tests: signed-in users, drivers near a point, trip shortcuts and socket frames. */

export interface RidesUser {
  userId: string
  token: string
  displayName: string
  /** Calls /api/rides<path> as this user. */
  call<T = Problem>(method: string, path: string, body?: unknown): Promise<HttpResponse<T>>
  /** Opens a socket signed in as this user, once its welcome frame arrived. */
  connect(): Promise<TestSocket>
}

/** Seoul City Hall, and points about 1, 2, 5 and 10 km east of it. */
export const CITY_HALL = { lat: 37.5663, lng: 126.9779 }
export function eastOf(point: { lat: number; lng: number }, km: number): { lat: number; lng: number } {
  return { lat: point.lat, lng: point.lng + km / (111.32 * Math.cos((point.lat * Math.PI) / 180)) }
}

export async function newRidesUser(server: TestServer, overrides: Record<string, unknown> = {}): Promise<RidesUser> {
  const { auth } = await signUpUser(server, overrides)
  const token = auth.tokens.accessToken
  return {
    userId: auth.user.id,
    token,
    displayName: auth.user.displayName,
    call: (method, path, body) => server.http(method, `/api/rides${path}`, { token, body }),
    async connect() {
      const socket = await openTestSocket(server.url, { token })
      await socket.next((f) => f.type === 'welcome')
      return socket
    },
  }
}

/** A new user (sign-up `overrides`, e.g. displayName or locale) with a driver profile, online at `at`. */
export async function newDriver(
  server: TestServer,
  at: { lat: number; lng: number } = CITY_HALL,
  overrides: Record<string, unknown> = {},
): Promise<RidesUser> {
  const driver = await newRidesUser(server, overrides)
  const profile = await driver.call<DriverProfile>('PUT', '/driver', { vehicle: 'Hyundai Sonata', plate: '12가 3456' })
  expect(profile.status).toBe(200)
  const online = await driver.call<DriverProfile>('POST', '/driver/online', at)
  expect(online.status).toBe(200)
  return driver
}

export function tripBody(from = CITY_HALL, to = eastOf(CITY_HALL, 5)) {
  return {
    pickUp: { address: 'Seoul City Hall', ...from },
    dropOff: { address: 'Somewhere east', ...to },
  }
}

export async function requestTrip(rider: RidesUser, body = tripBody()): Promise<Trip> {
  const res = await rider.call<Trip>('POST', '/trips', body)
  expect(res.status).toBe(201)
  return res.body
}

/** Takes a trip through accept (and further steps) as `driver`, expecting each to succeed. */
export async function advance(driver: RidesUser, tripId: string, steps: string[]): Promise<Trip> {
  let trip: Trip | undefined
  for (const step of steps) {
    const res = await driver.call<Trip>('POST', `/trips/${tripId}/${step}`)
    expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(200)
    trip = res.body
  }
  if (trip === undefined) throw new Error('no steps')
  return trip
}

/** Matches a rides event frame, optionally only for one trip (by `tripId` or `trip.id` in its data). */
export function isEvent<E extends keyof RidesEventMap>(event: E, tripId?: string) {
  return (f: ServerFrame): boolean => {
    if (f.type !== 'event' || f.event !== event) return false
    if (tripId === undefined) return true
    const data = f.data as { tripId?: string; trip?: { id: string } }
    return (data.tripId ?? data.trip?.id) === tripId
  }
}

/** The data of the first such event the socket got (or gets). */
export async function nextEvent<E extends keyof RidesEventMap>(
  socket: TestSocket,
  event: E,
  tripId?: string,
): Promise<RidesEventMap[E]> {
  const frame = await socket.next<EventFrame<RidesEventMap[E]>>(isEvent(event, tripId))
  return frame.data
}

/** Waits briefly, then says whether the socket got the event (for "does not hear"). */
export async function heard(
  socket: TestSocket,
  event: keyof RidesEventMap,
  tripId: string,
  ms = 300,
): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  return socket.frames.some(isEvent(event, tripId))
}

let refs = 0

/** Sends a subscribe frame and resolves with its answer (`subscribed` or an error frame). */
export async function subscribe(socket: TestSocket, channel: string): Promise<ServerFrame> {
  refs += 1
  const ref = `sub-${refs}`
  socket.send({ type: 'subscribe', ref, channel })
  return socket.next((f) => 'ref' in f && f.ref === ref)
}

/** Sends a rides.location command and resolves with its answer (a result or an error frame). */
export async function sendLocation(socket: TestSocket, fields: Record<string, unknown>): Promise<ServerFrame> {
  refs += 1
  const ref = `loc-${refs}`
  socket.send({ type: 'rides.location', ref, ...fields })
  return socket.next((f) => 'ref' in f && f.ref === ref)
}
