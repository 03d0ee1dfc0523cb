import {
  tripChannel,
  type EventFrame,
  type RidesEventMap,
  type ServerFrame,
  type Trip,
  type TripDetail,
} from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { eastOf, isEvent, newDriver, newRidesUser, nextEvent, requestTrip, subscribe, tripBody } from './testing.ts'
import { useDriverPositions } from './positions/index.ts'
import { createMemoryPositions } from './positions/memory.ts'
import { widenSearch } from './service/index.ts'

/**
 * The widening search: nobody near accepted, so the rides.widen-search job doubles the radius up to
 * the maximum, offers the trip to the drivers now inside it, and tells the rider it is still looking.
 */
const ENV = {
  RIDES_DISPATCH_RADIUS_KM: '2',
  RIDES_DISPATCH_MAX_RADIUS_KM: '8',
  RIDES_DISPATCH_WIDEN_AFTER_SECONDS: '1',
  JOBS_POLL_INTERVAL_SECONDS: '1',
}
const AREA = { lat: 33.45, lng: 126.56 }

function widened(radiusKm: number) {
  return (f: ServerFrame) =>
    f.type === 'event' &&
    f.event === 'rides.search_widened' &&
    (f.data as RidesEventMap['rides.search_widened']).radiusKm === radiusKm
}

describe('the widen-search job, run by hand', () => {
  let server: TestServer
  beforeAll(async () => {
    // No workers: the test runs the job's handler itself.
    server = await startTestServer({ env: ENV })
  })
  afterAll(async () => server?.close())

  it('doubles the radius, offers the trip to the drivers now inside it, and is idempotent', async () => {
    const driver = await newDriver(server, eastOf(AREA, 3))
    const driverSocket = await driver.connect()
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider, tripBody(AREA))
    const riderSocket = await rider.connect()
    expect(await subscribe(riderSocket, tripChannel(trip.id))).toMatchObject({ type: 'subscribed' })
    expect(driverSocket.frames.some(isEvent('rides.trip_offered'))).toBe(false)

    expect(await widenSearch(server.ctx, { tripId: trip.id, radiusKm: 2 })).toEqual({ radiusKm: 4 })
    const still = await riderSocket.next<EventFrame<RidesEventMap['rides.search_widened']>>(widened(4))
    expect(still.data).toEqual({ tripId: trip.id, radiusKm: 4, isMaxRadius: false, driversOffered: 1 })
    const offer = await nextEvent(driverSocket, 'rides.trip_offered')
    expect(offer.trip.searchRadiusKm).toBe(4)
    expect(offer.distanceKm).toBeCloseTo(3, 1)

    // Run again (a retried job): nothing changes, nobody is told twice.
    expect(await widenSearch(server.ctx, { tripId: trip.id, radiusKm: 2 })).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(driverSocket.frames.filter(isEvent('rides.trip_offered'))).toHaveLength(1)
    expect(riderSocket.frames.filter(isEvent('rides.search_widened'))).toHaveLength(1)
    const detail = await rider.call<TripDetail>('GET', `/trips/${trip.id}`)
    expect(detail.body.trip.searchRadiusKm).toBe(4)
  })

  it('leaves a trip that was accepted or cancelled meanwhile alone', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider, tripBody(eastOf(AREA, 20)))
    await rider.call('POST', `/trips/${trip.id}/cancel`)
    expect(await widenSearch(server.ctx, { tripId: trip.id, radiusKm: 2 })).toBeNull()
    expect(await widenSearch(server.ctx, { tripId: '00000000-0000-4000-8000-000000000000', radiusKm: 2 })).toBeNull()
  })

  it('still takes a request while the positions store is unreachable, offering it to nobody yet', async () => {
    const broken = createMemoryPositions()
    broken.nearby = async () => {
      throw new Error('connect ECONNREFUSED (Redis is away)')
    }
    useDriverPositions(server.ctx, broken)
    try {
      const res = await (await newRidesUser(server)).call<Trip>('POST', '/trips', tripBody(eastOf(AREA, 40)))
      expect(res.status).toBe(201)
      expect(res.body.status).toBe('REQUESTED')
    } finally {
      useDriverPositions(server.ctx, createMemoryPositions())
    }
  })
})

describe('the widen-search job, run by the workers', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: ENV })
    await server.ctx.jobs.startWorkers()
  })
  afterAll(async () => server?.close())

  it('widens the search on its own after the configured wait, up to the maximum, telling the rider each time', async () => {
    const area = eastOf(AREA, 50)
    const rider = await newRidesUser(server)
    const riderSocket = await rider.connect()
    const trip = await requestTrip(rider, tripBody(area))
    expect(await subscribe(riderSocket, tripChannel(trip.id))).toMatchObject({ type: 'subscribed' })

    const first = await riderSocket.next<EventFrame<RidesEventMap['rides.search_widened']>>(widened(4), 15_000)
    expect(first.data).toMatchObject({ radiusKm: 4, isMaxRadius: false, driversOffered: 0 })
    const last = await riderSocket.next<EventFrame<RidesEventMap['rides.search_widened']>>(widened(8), 15_000)
    expect(last.data).toMatchObject({ radiusKm: 8, isMaxRadius: true })
  })
})
