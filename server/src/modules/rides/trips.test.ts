import type { DriverProfile, FareEstimate, NearbyTrips, Trip, TripDetail, TripPage } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { distanceKm } from './geo.ts'
import {
  CITY_HALL,
  advance,
  eastOf,
  expectProblem,
  newDriver,
  newRidesUser,
  requestTrip,
  tripBody,
  type RidesUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    env: { RIDES_FARE_BASE: '4800', RIDES_FARE_PER_KM: '1000', RIDES_DISPATCH_RADIUS_KM: '3' },
  })
})
afterAll(async () => server?.close())

describe('driver profiles', () => {
  it('has no profile (null) for a user who only rides, then one after PUT', async () => {
    const user = await newRidesUser(server)
    const none = await user.call('GET', '/driver')
    expect(none.status).toBe(200)
    expect(none.body).toBeNull()
    const saved = await user.call<DriverProfile>('PUT', '/driver', { vehicle: ' Kia K5 ', plate: '34나 5678' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ userId: user.userId, vehicle: 'Kia K5', plate: '34나 5678', isOnline: false })
    const again = await user.call<DriverProfile>('PUT', '/driver', { vehicle: 'Kia EV6', plate: '34나 5678' })
    expect(again.body.vehicle).toBe('Kia EV6')
    expect((await user.call<DriverProfile>('GET', '/driver')).body.vehicle).toBe('Kia EV6')
  })

  it('goes online and offline', async () => {
    const driver = await newDriver(server)
    expect((await driver.call<DriverProfile>('GET', '/driver')).body.isOnline).toBe(true)
    const off = await driver.call<DriverProfile>('POST', '/driver/offline')
    expect(off.status).toBe(200)
    expect(off.body.isOnline).toBe(false)
  })

  it('refuses to put a user without a profile online (rides.not_a_driver)', async () => {
    const user = await newRidesUser(server)
    expectProblem(await user.call('POST', '/driver/online', {}), 403, 'rides.not_a_driver')
    expectProblem(await user.call('POST', '/driver/offline'), 403, 'rides.not_a_driver')
  })

  it('rejects an empty plate and a latitude off the globe with field errors, not a 500', async () => {
    const user = await newRidesUser(server)
    expectProblem(await user.call('PUT', '/driver', { vehicle: 'x', plate: '' }), 400, 'http.validation_failed')
    await user.call('PUT', '/driver', { vehicle: 'x', plate: 'y' })
    expectProblem(await user.call('POST', '/driver/online', { lat: 91, lng: 0 }), 400, 'http.validation_failed')
    expectProblem(await user.call('POST', '/driver/online', { lat: 37 }), 400, 'http.validation_failed')
  })
})

describe('fare estimates', () => {
  it('prices the straight-line distance with the configured tariff', async () => {
    const user = await newRidesUser(server)
    const to = eastOf(CITY_HALL, 4)
    const res = await user.call<FareEstimate>('POST', '/estimates', { pickUp: CITY_HALL, dropOff: to })
    expect(res.status).toBe(200)
    expect(res.body.fare).toEqual({ amount: Math.round(4800 + 1000 * distanceKm(CITY_HALL, to)), currency: 'KRW' })
    expect(res.body.distanceKm).toBeCloseTo(4, 1)
  })

  it('rejects coordinates out of range and missing fields', async () => {
    const user = await newRidesUser(server)
    const bad = [
      { pickUp: { lat: 0, lng: 181 }, dropOff: CITY_HALL },
      { pickUp: { lat: -91, lng: 0 }, dropOff: CITY_HALL },
      { pickUp: CITY_HALL },
      { pickUp: { lat: 'north', lng: 0 }, dropOff: CITY_HALL },
    ]
    for (const body of bad) expectProblem(await user.call('POST', '/estimates', body), 400, 'http.validation_failed')
  })
})

describe('requesting and following a trip', () => {
  it('creates a REQUESTED trip with its fare estimate and no driver', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider)
    expect(trip).toMatchObject({
      status: 'REQUESTED',
      driver: null,
      rating: null,
      rider: { id: rider.userId, displayName: rider.displayName },
      pickUp: { address: 'Seoul City Hall', ...CITY_HALL },
      searchRadiusKm: 3,
    })
    expect(trip.estimate.fare.amount).toBeGreaterThan(4800)
  })

  it('gives a rider one open trip at a time (rides.rider_busy), and another once it is cancelled', async () => {
    const rider = await newRidesUser(server)
    const first = await requestTrip(rider)
    expectProblem(await rider.call('POST', '/trips', tripBody()), 409, 'rides.rider_busy')
    const cancelled = await rider.call<Trip>('POST', `/trips/${first.id}/cancel`)
    expect(cancelled.body.status).toBe('CANCELLED')
    expect(cancelled.body.cancelledAt).not.toBeNull()
    await requestTrip(rider)
  })

  it('rejects an empty address and an overlong one', async () => {
    const rider = await newRidesUser(server)
    const body = tripBody()
    for (const address of ['', 'x'.repeat(256)]) {
      const res = await rider.call('POST', '/trips', { ...body, pickUp: { ...body.pickUp, address } })
      expectProblem(res, 400, 'http.validation_failed')
    }
  })

  it('goes REQUESTED → STARTED → IN_PROGRESS → COMPLETED, then the rider rates it once', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const trip = await requestTrip(rider)
    const accepted = await advance(driver, trip.id, ['accept'])
    expect(accepted).toMatchObject({
      status: 'STARTED',
      driver: { id: driver.userId, vehicle: 'Hyundai Sonata', plate: '12가 3456' },
    })
    expect((await advance(driver, trip.id, ['pick-up'])).status).toBe('IN_PROGRESS')
    const done = await advance(driver, trip.id, ['complete'])
    expect(done.status).toBe('COMPLETED')
    expect(done.completedAt).not.toBeNull()
    const rated = await rider.call<Trip>('POST', `/trips/${trip.id}/rating`, { rating: 5 })
    expect(rated.status).toBe(200)
    expect(rated.body.rating).toBe(5)
    expectProblem(await rider.call('POST', `/trips/${trip.id}/rating`, { rating: 4 }), 409, 'rides.already_rated')
  })

  it('rejects a rating outside 1-5 and a rating before completion', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider)
    for (const rating of [0, 6, 2.5, 'five']) {
      expectProblem(await rider.call('POST', `/trips/${trip.id}/rating`, { rating }), 400, 'http.validation_failed')
    }
    expectProblem(await rider.call('POST', `/trips/${trip.id}/rating`, { rating: 3 }), 409, 'rides.invalid_transition')
  })

  it('lets only the right participant act (rides.not_allowed) and only in order (rides.invalid_transition)', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const trip = await requestTrip(rider)
    await advance(driver, trip.id, ['accept'])
    expectProblem(await rider.call('POST', `/trips/${trip.id}/pick-up`), 403, 'rides.not_allowed')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/cancel`), 403, 'rides.not_allowed')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/rating`, { rating: 5 }), 403, 'rides.not_allowed')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/complete`), 409, 'rides.invalid_transition')
    await advance(driver, trip.id, ['pick-up'])
    expectProblem(await rider.call('POST', `/trips/${trip.id}/cancel`), 409, 'rides.invalid_transition')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/withdraw`), 409, 'rides.invalid_transition')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/accept`), 409, 'rides.invalid_transition')
  })

  it('hides a trip from everyone but its rider and driver (rides.trip_not_found)', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const stranger = await newDriver(server)
    const trip = await requestTrip(rider)
    await advance(driver, trip.id, ['accept'])
    expect((await rider.call<TripDetail>('GET', `/trips/${trip.id}`)).body.trip.id).toBe(trip.id)
    expect((await driver.call<TripDetail>('GET', `/trips/${trip.id}`)).body.trip.status).toBe('STARTED')
    expectProblem(await stranger.call('GET', `/trips/${trip.id}`), 404, 'rides.trip_not_found')
    expectProblem(await stranger.call('POST', `/trips/${trip.id}/pick-up`), 404, 'rides.trip_not_found')
    expectProblem(await stranger.call('POST', `/trips/${trip.id}/cancel`), 404, 'rides.trip_not_found')
    expectProblem(await rider.call('GET', '/trips/00000000-0000-4000-8000-000000000000'), 404, 'rides.trip_not_found')
    expectProblem(await rider.call('GET', '/trips/not-a-uuid'), 400, 'http.validation_failed')
  })

  it('puts a withdrawn trip back to REQUESTED without a driver', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const trip = await requestTrip(rider)
    await advance(driver, trip.id, ['accept'])
    const back = await advance(driver, trip.id, ['withdraw'])
    expect(back).toMatchObject({ status: 'REQUESTED', driver: null, acceptedAt: null })
    // The driver is free again and another driver may take it.
    const other = await newDriver(server)
    expect((await advance(other, trip.id, ['accept'])).driver?.id).toBe(other.userId)
    expectProblem(await driver.call('GET', `/trips/${trip.id}`), 404, 'rides.trip_not_found')
  })

  it('lets the rider cancel after a driver accepted but before pick-up', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const trip = await requestTrip(rider)
    await advance(driver, trip.id, ['accept'])
    const res = await rider.call<Trip>('POST', `/trips/${trip.id}/cancel`)
    expect(res.body.status).toBe('CANCELLED')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/pick-up`), 409, 'rides.invalid_transition')
  })
})

describe('accepting', () => {
  it('refuses a user without a driver profile (rides.not_a_driver)', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider)
    const user = await newRidesUser(server)
    expectProblem(await user.call('POST', `/trips/${trip.id}/accept`), 403, 'rides.not_a_driver')
  })

  it('refuses an offline driver (rides.driver_offline)', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider)
    const driver = await newDriver(server)
    await driver.call('POST', '/driver/offline')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/accept`), 409, 'rides.driver_offline')
  })

  it('refuses a driver on another trip (rides.driver_busy)', async () => {
    const driver = await newDriver(server)
    const first = await requestTrip(await newRidesUser(server))
    const second = await requestTrip(await newRidesUser(server))
    await advance(driver, first.id, ['accept'])
    expectProblem(await driver.call('POST', `/trips/${second.id}/accept`), 409, 'rides.driver_busy')
  })

  it('refuses a driver their own request (rides.own_trip)', async () => {
    const driver = await newDriver(server)
    const trip = await requestTrip(driver)
    expectProblem(await driver.call('POST', `/trips/${trip.id}/accept`), 409, 'rides.own_trip')
  })

  it('refuses a trip another driver took (rides.trip_taken) and an unknown one (rides.trip_not_found)', async () => {
    const trip = await requestTrip(await newRidesUser(server))
    await advance(await newDriver(server), trip.id, ['accept'])
    expectProblem(await (await newDriver(server)).call('POST', `/trips/${trip.id}/accept`), 409, 'rides.trip_taken')
    const driver = await newDriver(server)
    expectProblem(
      await driver.call('POST', '/trips/00000000-0000-4000-8000-000000000000/accept'),
      404,
      'rides.trip_not_found',
    )
  })
})

describe('trip history', () => {
  it('pages through my trips as rider, newest first, and through the trips I drove', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const trip = await requestTrip(rider)
      ids.push(trip.id)
      if (i < 3) await advance(driver, trip.id, ['accept', 'pick-up', 'complete'])
      else await rider.call('POST', `/trips/${trip.id}/cancel`)
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`
      const page: { body: TripPage } = await rider.call<TripPage>('GET', `/trips${query}`)
      seen.push(...page.body.items.map((t) => t.id))
      cursor = page.body.nextCursor
      pages += 1
    } while (cursor !== null)
    expect(seen).toEqual([...ids].reverse())
    expect(pages).toBe(3)
    const driven = await driver.call<TripPage>('GET', '/trips?role=driver')
    expect(driven.body.items.map((t) => t.id)).toEqual(ids.slice(0, 3).reverse())
    expect(driven.body.nextCursor).toBeNull()
    expect((await driver.call<TripPage>('GET', '/trips')).body.items).toEqual([])
  })

  it('refuses a cursor it did not make (rides.invalid_cursor) and a bad role or limit', async () => {
    const rider = await newRidesUser(server)
    expectProblem(await rider.call('GET', '/trips?cursor=bm90LWEtY3Vyc29y'), 400, 'rides.invalid_cursor')
    expectProblem(await rider.call('GET', '/trips?role=admin'), 400, 'http.validation_failed')
    expectProblem(await rider.call('GET', '/trips?limit=0'), 400, 'http.validation_failed')
  })
})

describe('requested trips near a driver', () => {
  let area: { lat: number; lng: number }
  beforeAll(() => {
    // A place of its own, so trips of other tests do not show up.
    area = { lat: 35.1796, lng: 129.0756 }
  })

  async function nearby(driver: RidesUser, query = '') {
    return driver.call<NearbyTrips>('GET', `/trips/nearby${query}`)
  }

  it('lists requested trips whose search reaches the driver, nearest first', async () => {
    const driver = await newDriver(server, area)
    const far = await requestTrip(await newRidesUser(server), tripBody(eastOf(area, 2.5)))
    const near = await requestTrip(await newRidesUser(server), tripBody(eastOf(area, 0.5)))
    const outside = await requestTrip(await newRidesUser(server), tripBody(eastOf(area, 6)))
    const res = await nearby(driver)
    expect(res.status).toBe(200)
    const ids = res.body.items.map((o) => o.trip.id)
    expect(ids).toEqual([near.id, far.id])
    expect(ids).not.toContain(outside.id)
    expect(res.body.items[0]?.distanceKm).toBeCloseTo(0.5, 1)
    // Asked from another point, the list follows it.
    const there = await nearby(driver, `?lat=${eastOf(area, 6).lat}&lng=${eastOf(area, 6).lng}`)
    expect(there.body.items.map((o) => o.trip.id)).toContain(outside.id)
  })

  it('needs an online driver whose location is known', async () => {
    const user = await newRidesUser(server)
    expectProblem(await nearby(user), 403, 'rides.not_a_driver')
    const driver = await newDriver(server, area)
    await driver.call('POST', '/driver/offline')
    expectProblem(await nearby(driver), 409, 'rides.driver_offline')
    const unplaced = await newRidesUser(server)
    await unplaced.call('PUT', '/driver', { vehicle: 'v', plate: 'p' })
    await unplaced.call('POST', '/driver/online', {})
    expectProblem(await nearby(unplaced), 409, 'rides.location_unknown')
    expectProblem(await nearby(unplaced, '?lat=100&lng=0'), 400, 'http.validation_failed')
    expectProblem(await nearby(unplaced, '?lat=10'), 400, 'http.validation_failed')
  })
})

describe('client config', () => {
  it('tells clients the map tile URL and the currency', async () => {
    const user = await newRidesUser(server)
    const res = await user.call<Record<string, unknown>>('GET', '/config')
    expect(res.body).toMatchObject({
      mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      currency: 'KRW',
    })
  })

  it('documents every rides route in the OpenAPI description', async () => {
    const res = await server.http<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json')
    const paths = Object.keys(res.body.paths).filter((p) => p.startsWith('/api/rides/'))
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/rides/driver',
        '/api/rides/driver/online',
        '/api/rides/estimates',
        '/api/rides/trips',
        '/api/rides/trips/nearby',
        '/api/rides/trips/{id}',
        '/api/rides/trips/{id}/accept',
        '/api/rides/trips/{id}/rating',
      ]),
    )
  })

  it('asks for a token on every route', async () => {
    expectProblem(await server.http('GET', '/api/rides/trips'), 401, 'auth.missing_token')
  })
})
