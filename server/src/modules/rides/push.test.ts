import type { Trip } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../../test/server.ts'
import { startPushTestServer, untilPushDeliveriesSettled } from '../../test/push.ts'
import type { TestWebPushService } from '../../test/web-push-service.ts'
import { CITY_HALL, advance, expectProblem, newDriver, newRidesUser, requestTrip, type RidesUser } from './testing.ts'

let service: TestWebPushService
let server: TestServer
let close: () => Promise<void>
beforeAll(async () => {
  ;({ server, service, close } = await startPushTestServer({
    // Far longer than the polls below: a rides push held back for the window would never arrive.
    env: { PUSH_COALESCE_SECONDS: '600' },
  }))
}, 60_000)
afterAll(async () => close?.())

/** Subscribes the user's (only) device at its own endpoint of the local push service; returns its id there. */
async function subscribe(user: RidesUser): Promise<string> {
  const device = service.newDevice()
  const res = await server.http('POST', '/api/push/subscriptions', { token: user.token, body: device.subscription })
  expect(res.status).toBe(201)
  return device.id
}

function pushesTo(deviceId: string) {
  return service.received.filter((p) => p.deviceId === deviceId)
}

/** Waits until the device has `count` pushes and returns the latest. */
async function nthPush(deviceId: string, count: number) {
  await expect.poll(() => pushesTo(deviceId).length, { timeout: 20_000 }).toBe(count)
  return pushesTo(deviceId).at(-1)
}

/** A Korean rider and an English driver, each with a subscribed device, and a requested trip. */
async function setUpTrip() {
  const rider = await newRidesUser(server, { locale: 'ko', displayName: '박승객' })
  const driver = await newDriver(server, CITY_HALL, { locale: 'en', displayName: '김기사' })
  const [riderDevice, driverDevice] = await Promise.all([subscribe(rider), subscribe(driver)])
  const trip = await requestTrip(rider)
  return { rider, driver, riderDevice, driverDevice, trip }
}

describe('rides push notifications', () => {
  it('tells the rider, in Korean, who is on the way in which car, and not the driver who accepted', async () => {
    const { driver, riderDevice, driverDevice, trip } = await setUpTrip()
    await advance(driver, trip.id, ['accept'])
    const push = await nthPush(riderDevice, 1)
    expect(push?.payload).toEqual({
      title: '배차 완료',
      body: '김기사 기사님이 오고 있어요 — Hyundai Sonata 12가 3456',
      count: 1,
      data: { kind: 'rides.trip', url: `/rides/trips/${trip.id}` },
    })
    expect(push?.headers.urgency).toBe('high')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(driverDevice)).toEqual([])
  })

  it('sends no second "on the way" when a second driver gets rides.trip_taken', async () => {
    const { driver, riderDevice, trip } = await setUpTrip()
    const late = await newDriver(server, CITY_HALL, { displayName: '이기사' })
    const lateDevice = await subscribe(late)
    await advance(driver, trip.id, ['accept'])
    expectProblem(await late.call('POST', `/trips/${trip.id}/accept`), 409, 'rides.trip_taken')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(riderDevice).map((p) => p.payload.body)).toEqual([
      '김기사 기사님이 오고 있어요 — Hyundai Sonata 12가 3456',
    ])
    expect(pushesTo(lateDevice)).toEqual([])
  })

  it('tells the rider that another driver is sought when the driver withdraws', async () => {
    const { driver, riderDevice, driverDevice, trip } = await setUpTrip()
    await advance(driver, trip.id, ['accept', 'withdraw'])
    await untilPushDeliveriesSettled(server)
    // Both notices' jobs may run at once: "driver found" may be dropped as superseded, but it never
    // arrives after the withdrawal, which would replace it on the phone (one tag per trip kind).
    const bodies = pushesTo(riderDevice).map((p) => p.payload.body)
    expect([
      ['다른 기사님을 찾고 있어요.'],
      ['김기사 기사님이 오고 있어요 — Hyundai Sonata 12가 3456', '다른 기사님을 찾고 있어요.'],
    ]).toContainEqual(bodies)
    const push = pushesTo(riderDevice).at(-1)
    expect(push?.payload).toEqual({
      title: '기사님이 배차를 취소했어요',
      body: '다른 기사님을 찾고 있어요.',
      count: 1,
      data: { kind: 'rides.trip', url: `/rides/trips/${trip.id}` },
    })
    expect(push?.headers.urgency).toBe('high')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(driverDevice)).toEqual([])
  })

  it('asks the rider for a rating when the trip is completed, and says nothing at pick-up', async () => {
    const { driver, riderDevice, driverDevice, trip } = await setUpTrip()
    await advance(driver, trip.id, ['accept', 'pick-up'])
    await nthPush(riderDevice, 1)
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(riderDevice)).toHaveLength(1)
    await advance(driver, trip.id, ['complete'])
    const push = await nthPush(riderDevice, 2)
    expect(push?.payload).toEqual({
      title: '목적지에 도착했어요',
      body: '이번 운행은 어떠셨나요? 눌러서 평가해 주세요.',
      count: 1,
      data: { kind: 'rides.trip', url: `/rides/trips/${trip.id}` },
    })
    expect(push?.headers.urgency).toBe('normal')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(driverDevice)).toEqual([])
  })

  it('tells the driver who had accepted, in English, that the rider cancelled, and not the rider', async () => {
    const { rider, driver, riderDevice, driverDevice, trip } = await setUpTrip()
    await advance(driver, trip.id, ['accept'])
    await nthPush(riderDevice, 1)
    const cancelled = await rider.call<Trip>('POST', `/trips/${trip.id}/cancel`)
    expect(cancelled.status).toBe(200)
    const push = await nthPush(driverDevice, 1)
    expect(push?.payload).toEqual({
      title: 'Trip cancelled',
      body: 'The rider cancelled the trip from Seoul City Hall.',
      count: 1,
      data: { kind: 'rides.trip', url: `/rides/trips/${trip.id}` },
    })
    expect(push?.headers.urgency).toBe('high')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(riderDevice)).toHaveLength(1)
  })

  it('tells no driver when the rider cancels a trip nobody accepted yet', async () => {
    const { rider, riderDevice, driverDevice, trip } = await setUpTrip()
    expect((await rider.call('POST', `/trips/${trip.id}/cancel`)).status).toBe(200)
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(driverDevice)).toEqual([])
    expect(pushesTo(riderDevice)).toEqual([])
  })

  it('sends nothing when a transition is refused', async () => {
    const { rider, driver, riderDevice, driverDevice, trip } = await setUpTrip()
    await advance(driver, trip.id, ['accept', 'pick-up', 'complete'])
    // "Driver found" may be superseded by the arrival that followed at once; the arrival is last.
    await untilPushDeliveriesSettled(server)
    const before = pushesTo(riderDevice).length
    expect(pushesTo(riderDevice).at(-1)?.payload.title).toBe('목적지에 도착했어요')
    expectProblem(await rider.call('POST', `/trips/${trip.id}/cancel`), 409, 'rides.invalid_transition')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/withdraw`), 409, 'rides.invalid_transition')
    expectProblem(await driver.call('POST', `/trips/${trip.id}/complete`), 409, 'rides.invalid_transition')
    await untilPushDeliveriesSettled(server)
    expect(pushesTo(riderDevice)).toHaveLength(before)
    expect(pushesTo(driverDevice)).toEqual([])
  })
})
