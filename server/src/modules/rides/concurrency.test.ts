import type { Problem, Trip, TripDetail } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { newDriver, newRidesUser, requestTrip, tripBody } from './testing.ts'

/**
 * Races settled by the database. On PGlite by default; on real PostgreSQL (concurrent connections,
 * row locks) when TEST_DATABASE_URL is set, as in CI.
 */
let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

describe('concurrent accepts', () => {
  it('gives a trip to exactly one of 20 drivers accepting at once; the other 19 get rides.trip_taken', async () => {
    const rider = await newRidesUser(server)
    const trip = await requestTrip(rider)
    const drivers = await Promise.all(Array.from({ length: 20 }, () => newDriver(server)))

    const results = await Promise.all(drivers.map((d) => d.call<Trip | Problem>('POST', `/trips/${trip.id}/accept`)))

    const winners = results.filter((r) => r.status === 200)
    const losers = results.filter((r) => r.status !== 200)
    expect(winners).toHaveLength(1)
    expect(losers.map((r) => [r.status, (r.body as Problem).code])).toEqual(
      Array.from({ length: 19 }, () => [409, 'rides.trip_taken']),
    )
    const winner = drivers[results.indexOf(winners[0] as (typeof results)[number])]
    const detail = await rider.call<TripDetail>('GET', `/trips/${trip.id}`)
    expect(detail.body.trip).toMatchObject({ status: 'STARTED', driver: { id: winner?.userId } })
  })

  it('lets a driver who accepts two trips at once win only one of them; the other is rides.driver_busy', async () => {
    const driver = await newDriver(server)
    const first = await requestTrip(await newRidesUser(server))
    const second = await requestTrip(await newRidesUser(server))
    const results = await Promise.all(
      [first, second].map((t) => driver.call<Trip | Problem>('POST', `/trips/${t.id}/accept`)),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    expect((results.find((r) => r.status === 409)?.body as Problem).code).toBe('rides.driver_busy')
  })

  it('gives a rider who requests 10 trips at once exactly one open trip', async () => {
    const rider = await newRidesUser(server)
    const results = await Promise.all(Array.from({ length: 10 }, () => rider.call('POST', '/trips', tripBody())))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(
      Array.from({ length: 9 }, () => 'rides.rider_busy'),
    )
  })

  it('settles a cancel racing a pick-up: one of them wins, the trip ends consistent', async () => {
    const rider = await newRidesUser(server)
    const driver = await newDriver(server)
    const trip = await requestTrip(rider)
    await driver.call('POST', `/trips/${trip.id}/accept`)
    const [cancel, pickUp] = await Promise.all([
      rider.call<Trip>('POST', `/trips/${trip.id}/cancel`),
      driver.call<Trip>('POST', `/trips/${trip.id}/pick-up`),
    ])
    expect([cancel.status, pickUp.status].sort()).toEqual([200, 409])
    const final = (await rider.call<TripDetail>('GET', `/trips/${trip.id}`)).body.trip.status
    expect(final).toBe(cancel.status === 200 ? 'CANCELLED' : 'IN_PROGRESS')
  })
})
