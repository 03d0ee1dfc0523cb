import {
  tripChannel,
  type CommandResultFrame,
  type ErrorFrame,
  type EventFrame,
  type TripDetail,
} from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import type { TestSocket } from '../../test/ws-client.ts'
import {
  advance,
  eastOf,
  heard,
  isEvent,
  newDriver,
  newRidesUser,
  nextEvent,
  requestTrip,
  sendLocation,
  subscribe,
  tripBody,
  type RidesUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    env: { RIDES_DISPATCH_RADIUS_KM: '3', RIDES_LOCATION_PER_SECOND: '2', RIDES_LOCATION_BURST: '5' },
  })
})
afterAll(async () => server?.close())

/** Each test works in a place of its own, so the drivers of other tests are never near. */
let areas = 0
function newArea(): { lat: number; lng: number } {
  areas += 1
  return { lat: 36 + areas * 0.2, lng: 127.5 }
}

describe('dispatch to drivers', () => {
  it('offers a new trip live to the online drivers within the radius, with their distance, and to no one else', async () => {
    const area = newArea()
    const near = await newDriver(server, eastOf(area, 0.5))
    const farther = await newDriver(server, eastOf(area, 2))
    const outside = await newDriver(server, eastOf(area, 5))
    const offline = await newDriver(server, eastOf(area, 1))
    await offline.call('POST', '/driver/offline')
    const sockets = await Promise.all([near, farther, outside, offline].map((d) => d.connect()))
    const [nearSocket, fartherSocket, outsideSocket, offlineSocket] = sockets as [TestSocket, ...TestSocket[]]

    const trip = await requestTrip(await newRidesUser(server), tripBody(area, eastOf(area, 3)))

    const first = await nextEvent(nearSocket, 'rides.trip_offered', trip.id)
    expect(first.trip).toMatchObject({ id: trip.id, status: 'REQUESTED' })
    expect(first.distanceKm).toBeCloseTo(0.5, 1)
    expect((await nextEvent(fartherSocket!, 'rides.trip_offered', trip.id)).distanceKm).toBeCloseTo(2, 1)
    expect(await heard(outsideSocket!, 'rides.trip_offered', trip.id)).toBe(false)
    expect(await heard(offlineSocket!, 'rides.trip_offered', trip.id, 0)).toBe(false)
  })

  it('takes the trip off every other driver’s list live when one accepts, including drivers who listed it', async () => {
    const area = newArea()
    const [a, b, c] = await Promise.all([0.3, 0.6, 0.9].map((km) => newDriver(server, eastOf(area, km))))
    const trip = await requestTrip(await newRidesUser(server), tripBody(area))
    // A driver who came online later saw it in the nearby list only.
    const lister = await newDriver(server, eastOf(area, 1.2))
    const listed = await lister.call<{ items: Array<{ trip: { id: string } }> }>('GET', '/trips/nearby')
    expect(listed.body.items.map((o) => o.trip.id)).toContain(trip.id)
    const sockets = await Promise.all([a!, b!, c!, lister].map((d) => d.connect()))

    await advance(a!, trip.id, ['accept'])

    for (const socket of sockets.slice(1)) {
      expect(await nextEvent(socket, 'rides.offer_revoked', trip.id)).toEqual({ tripId: trip.id, reason: 'taken' })
    }
    expect(await heard(sockets[0]!, 'rides.offer_revoked', trip.id, 0)).toBe(false)
  })

  it('tells the drivers when the rider cancels a requested trip', async () => {
    const area = newArea()
    const driver = await newDriver(server, eastOf(area, 1))
    const socket = await driver.connect()
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider, tripBody(area))
    await nextEvent(socket, 'rides.trip_offered', trip.id)
    await rider.call('POST', `/trips/${trip.id}/cancel`)
    expect(await nextEvent(socket, 'rides.offer_revoked', trip.id)).toEqual({ tripId: trip.id, reason: 'cancelled' })
  })

  it('offers a withdrawn trip again to the drivers near it, but not to the driver who withdrew', async () => {
    const area = newArea()
    const first = await newDriver(server, eastOf(area, 0.5))
    const second = await newDriver(server, eastOf(area, 1))
    const [firstSocket, secondSocket] = await Promise.all([first.connect(), second.connect()])
    const rider = await newRidesUser(server)
    const riderSocket = await rider.connect()
    const trip = await requestTrip(rider, tripBody(area))
    expect((await subscribe(riderSocket, tripChannel(trip.id))).type).toBe('subscribed')
    await advance(first, trip.id, ['accept'])
    await nextEvent(secondSocket, 'rides.offer_revoked', trip.id)
    const offersBefore = firstSocket.frames.filter(isEvent('rides.trip_offered', trip.id)).length

    await advance(first, trip.id, ['withdraw'])

    await riderSocket.next(
      (f) =>
        isEvent('rides.trip_updated', trip.id)(f) &&
        (f as EventFrame<{ trip: { status: string } }>).data.trip.status === 'REQUESTED',
    )
    const offersTo = (socket: TestSocket) => socket.frames.filter(isEvent('rides.trip_offered', trip.id)).length
    await secondSocket.next(() => offersTo(secondSocket) === 2)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(offersTo(firstSocket)).toBe(offersBefore)
  })

  it('finds a driver for dispatch from the locations they send over the socket', async () => {
    const area = newArea()
    const driver = await newRidesUser(server)
    await driver.call('PUT', '/driver', { vehicle: 'v', plate: 'p' })
    await driver.call('POST', '/driver/online', {})
    const socket = await driver.connect()
    const ack = await sendLocation(socket, { lat: eastOf(area, 1).lat, lng: eastOf(area, 1).lng })
    expect(ack).toMatchObject({ type: 'result', data: { tripId: null } })
    const trip = await requestTrip(await newRidesUser(server), tripBody(area))
    expect((await nextEvent(socket, 'rides.trip_offered', trip.id)).distanceKm).toBeCloseTo(1, 1)
  })
})

describe('the trip channel', () => {
  async function acceptedTrip(): Promise<{ rider: RidesUser; driver: RidesUser; tripId: string }> {
    const area = newArea()
    const rider = await newRidesUser(server)
    const driver = await newDriver(server, area)
    const trip = await requestTrip(rider, tripBody(area))
    await advance(driver, trip.id, ['accept'])
    return { rider, driver, tripId: trip.id }
  }

  it('lets the rider and the driver subscribe, and answers anyone else realtime.forbidden', async () => {
    const { rider, driver, tripId } = await acceptedTrip()
    const channel = tripChannel(tripId)
    expect(await subscribe(await rider.connect(), channel)).toMatchObject({ type: 'subscribed', channel })
    expect(await subscribe(await driver.connect(), channel)).toMatchObject({ type: 'subscribed', channel })
    const strangerSocket = await (await newDriver(server)).connect()
    expect(await subscribe(strangerSocket, channel)).toMatchObject({ type: 'error', code: 'realtime.forbidden' })
    expect(await subscribe(strangerSocket, 'rides:trip:not-a-uuid')).toMatchObject({
      type: 'error',
      code: 'realtime.forbidden',
    })
    expect(await subscribe(strangerSocket, 'rides:trip:00000000-0000-4000-8000-000000000000')).toMatchObject({
      code: 'realtime.forbidden',
    })
  })

  it('stops letting a driver who withdrew subscribe to the trip', async () => {
    const { driver, tripId } = await acceptedTrip()
    await advance(driver, tripId, ['withdraw'])
    expect(await subscribe(await driver.connect(), tripChannel(tripId))).toMatchObject({
      type: 'error',
      code: 'realtime.forbidden',
    })
  })

  it('ends the trip channel for a driver who withdraws while subscribed, and only for them', async () => {
    const { rider, driver, tripId } = await acceptedTrip()
    const channel = tripChannel(tripId)
    const driverSocket = await driver.connect()
    const riderSocket = await rider.connect()
    expect(await subscribe(driverSocket, channel)).toMatchObject({ type: 'subscribed' })
    expect(await subscribe(riderSocket, channel)).toMatchObject({ type: 'subscribed' })

    await advance(driver, tripId, ['withdraw'])

    const ended = await driverSocket.next((f) => f.type === 'unsubscribed' && f.channel === channel)
    expect(ended).toEqual({
      type: 'unsubscribed',
      channel,
      code: 'realtime.forbidden',
      message: expect.any(String) as string,
    })
    // The rider stays, and hears what happens next; the driver who left does not.
    const nextDriver = await newDriver(server, newArea())
    await advance(nextDriver, tripId, ['accept'])
    await riderSocket.next(
      (f) =>
        isEvent('rides.trip_updated', tripId)(f) &&
        (f as EventFrame<{ trip: { driver: { id: string } | null } }>).data.trip.driver?.id === nextDriver.userId,
    )
    const driverPing = `after-${tripId}`
    driverSocket.send({ type: 'ping', ref: driverPing })
    await driverSocket.next((f) => f.type === 'pong' && f.ref === driverPing)
    const heardAfter = driverSocket.frames.slice(driverSocket.frames.indexOf(ended))
    expect(heardAfter.filter((f) => f.type === 'event' && f.channel === channel)).toEqual([])
    expect(driverSocket.frames.some((f) => f.type === 'event' && f.event === 'realtime.access_changed')).toBe(false)
  })

  it('shows the rider each status change live', async () => {
    const { rider, driver, tripId } = await acceptedTrip()
    const socket = await rider.connect()
    await subscribe(socket, tripChannel(tripId))
    await advance(driver, tripId, ['pick-up'])
    expect((await nextEvent(socket, 'rides.trip_updated', tripId)).trip.status).toBe('IN_PROGRESS')
    await advance(driver, tripId, ['complete'])
    await socket.next(
      (f) =>
        isEvent('rides.trip_updated', tripId)(f) &&
        (f as EventFrame<{ trip: { status: string } }>).data.trip.status === 'COMPLETED',
    )
  })

  it('shows the rider the driver’s location live, and keeps a downsampled route', async () => {
    const { rider, driver, tripId } = await acceptedTrip()
    const riderSocket = await rider.connect()
    await subscribe(riderSocket, tripChannel(tripId))
    const driverSocket = await driver.connect()
    const start = { lat: 37.5, lng: 127.0 }

    const ack = await sendLocation(driverSocket, { ...start, heading: 90, speed: 8.5 })
    expect(ack).toMatchObject({ type: 'result', data: { tripId } })
    const located = await nextEvent(riderSocket, 'rides.driver_located', tripId)
    expect(located).toMatchObject({ tripId, driverId: driver.userId, ...start, heading: 90, speed: 8.5 })

    // 10 m on (dropped), 100 m (kept), 105 m (dropped), 300 m (kept).
    for (const km of [0.01, 0.1, 0.105, 0.3]) {
      const point = eastOf(start, km)
      expect((await sendLocation(driverSocket, { ...point, tripId })).type).toBe('result')
    }
    const detail = await rider.call<TripDetail>('GET', `/trips/${tripId}`)
    expect(detail.body.route.map((p) => p.lng)).toEqual([start.lng, eastOf(start, 0.1).lng, eastOf(start, 0.3).lng])
    expect(riderSocket.frames.filter(isEvent('rides.driver_located', tripId))).toHaveLength(5)
  })

  it('answers a location for another driver’s trip with realtime.forbidden', async () => {
    const { tripId } = await acceptedTrip()
    const other = await acceptedTrip()
    const strangerSocket = await (await newDriver(server)).connect()
    expect(await sendLocation(strangerSocket, { lat: 37, lng: 127, tripId })).toMatchObject({
      type: 'error',
      code: 'realtime.forbidden',
    })
    const driverSocket = await other.driver.connect()
    expect(await sendLocation(driverSocket, { lat: 37, lng: 127, tripId })).toMatchObject({
      code: 'realtime.forbidden',
    })
    const rider = await other.rider.connect()
    expect(await sendLocation(rider, { lat: 37, lng: 127, tripId: other.tripId })).toMatchObject({
      code: 'rides.not_a_driver',
    })
  })
})

describe('the rides.location command', () => {
  it('answers out-of-range and unknown fields with realtime.invalid_frame and keeps the socket', async () => {
    const socket = await (await newDriver(server)).connect()
    const bad = [
      { lat: 91, lng: 0 },
      { lat: 0, lng: -180.5 },
      { lat: 0, lng: 0, heading: 361 },
      { lat: 0, lng: 0, speed: -1 },
      { lat: '37', lng: 127 },
      { lat: 0, lng: 0, tripId: 'x' },
      { lat: 0, lng: 0, driverId: 'me' },
      { lng: 0 },
    ]
    for (const fields of bad) {
      const reply = await sendLocation(socket, fields)
      expect(reply, JSON.stringify(fields)).toMatchObject({ type: 'error', code: 'realtime.invalid_frame' })
    }
    socket.send({ type: 'ping', ref: 'still-there' })
    await socket.next((f) => f.type === 'pong')
  })

  it('limits each driver to a few locations per second with error frames, without closing the socket', async () => {
    const socket = await (await newDriver(server)).connect()
    const replies = await Promise.all(Array.from({ length: 10 }, () => sendLocation(socket, { lat: 37, lng: 127 })))
    const results = replies.filter((r): r is CommandResultFrame => r.type === 'result')
    const errors = replies.filter((r): r is ErrorFrame => r.type === 'error')
    expect(results).toHaveLength(5)
    expect(errors.map((e) => e.code)).toEqual(Array.from({ length: 5 }, () => 'rides.location_rate_limited'))
    expect(errors[0]?.message).toContain('2')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect((await sendLocation(socket, { lat: 37, lng: 127 })).type).toBe('result')
    expect(socket.socket.readyState).toBe(socket.socket.OPEN)
  })
})
