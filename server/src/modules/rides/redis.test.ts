import { tripChannel } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRedisUrl, uniquePrefix } from '../../test/redis.ts'
import { loadConfig } from '../../config/index.ts'
import { createCtx } from '../../ctx.ts'
import { createTestDatabase } from '../../test/database.ts'
import { startTestServer, TEST_SECRET, type TestServer } from '../../test/server.ts'
import { openTestSocket } from '../../test/ws-client.ts'
import { driverPositions, useDriverPositions } from './positions/index.ts'
import { createRedisPositions } from './positions/redis.ts'
import {
  CITY_HALL,
  eastOf,
  newDriver,
  newRidesUser,
  nextEvent,
  requestTrip,
  sendLocation,
  subscribe,
  tripBody,
} from './testing.ts'

/** With REDIS_URL set, drivers' positions live in Redis (GEO), shared by every server process. */
let first: TestServer
let second: TestServer
beforeAll(async () => {
  const env = { REDIS_URL: testRedisUrl() }
  first = await startTestServer({ env })
  second = await startTestServer({ env, database: first.database })
  // One key prefix of this test's own, shared by both processes as a deployment's would be.
  const prefix = uniquePrefix()
  expect(driverPositions(first.ctx).kind).toBe('redis')
  useDriverPositions(first.ctx, createRedisPositions({ url: testRedisUrl(), prefix }))
  useDriverPositions(second.ctx, createRedisPositions({ url: testRedisUrl(), prefix }))
})
afterAll(async () => {
  await second?.close()
  await first?.close()
})

describe('dispatch across two server processes (Redis)', () => {
  it('offers a trip requested on one process to a driver whose location reached the other', async () => {
    const area = { lat: 37.3, lng: 127.9 }
    const driver = await newDriver(second, eastOf(area, 1))
    const socket = await driver.connect()
    const trip = await requestTrip(await newRidesUser(first), tripBody(area))
    const offer = await nextEvent(socket, 'rides.trip_offered')
    expect(offer.trip.id).toBe(trip.id)
    expect(offer.distanceKm).toBeCloseTo(1, 1)
  })

  it('routes a location sent to one process to a trip accepted through the other', async () => {
    const area = { lat: 37.1, lng: 127.9 }
    const rider = await newRidesUser(first)
    const driver = await newDriver(first, area)
    const driverSocket = await driver.connect()
    // The driver's socket sits on `first` (it knows the driver has no trip yet) ...
    await sendLocation(driverSocket, area)
    const trip = await requestTrip(rider, tripBody(area))
    // ... and the accept goes through `second`.
    const accepted = await second.http('POST', `/api/rides/trips/${trip.id}/accept`, { token: driver.token })
    expect(accepted.status).toBe(200)
    const riderSocket = await openTestSocket(second.url, { token: rider.token })
    expect(await subscribe(riderSocket, tripChannel(trip.id))).toMatchObject({ type: 'subscribed' })

    expect(await sendLocation(driverSocket, { lat: area.lat, lng: area.lng + 0.001, tripId: trip.id })).toMatchObject({
      type: 'result',
      data: { tripId: trip.id },
    })
    const located = await nextEvent(riderSocket, 'rides.driver_located')
    expect(located).toMatchObject({ tripId: trip.id, lng: area.lng + 0.001 })
    riderSocket.close()
  })

  it('takes a driver off the trip channel on one process when they withdraw through the other', async () => {
    const area = { lat: 37.2, lng: 127.9 }
    const driver = await newDriver(first, area)
    const trip = await requestTrip(await newRidesUser(first), tripBody(area))
    expect((await first.http('POST', `/api/rides/trips/${trip.id}/accept`, { token: driver.token })).status).toBe(200)
    const driverSocket = await openTestSocket(first.url, { token: driver.token })
    const channel = tripChannel(trip.id)
    expect(await subscribe(driverSocket, channel)).toMatchObject({ type: 'subscribed' })

    const withdrawn = await second.http('POST', `/api/rides/trips/${trip.id}/withdraw`, { token: driver.token })
    expect(withdrawn.status).toBe(200)
    expect(await driverSocket.next((f) => f.type === 'unsubscribed' && f.channel === channel)).toMatchObject({
      code: 'realtime.forbidden',
    })
    driverSocket.close()
  })
})

describe('a worker-only process (no HTTP routes)', () => {
  it('closes its Redis positions store with its context', async () => {
    const database = await createTestDatabase()
    try {
      const config = loadConfig({
        APP_ENV: 'test',
        JWT_SECRET: TEST_SECRET,
        REDIS_URL: testRedisUrl(),
        ROLES: 'worker',
      })
      const ctx = await createCtx(config, { database })
      const store = driverPositions(ctx)
      await store.update({ driverId: 'd1', ...eastOf(CITY_HALL, 1), heading: null, speed: null, at: Date.now() })
      expect(await store.get('d1')).not.toBeNull()
      await ctx.close()
      // The widen-search job made it; nothing but the context's close releases its connection.
      await expect(store.get('d1')).rejects.toThrow()
    } finally {
      await database.close()
    }
  })
})
