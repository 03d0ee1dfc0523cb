import { afterAll, describe, expect, it } from 'vitest'
import { testRedisUrl, uniquePrefix } from '../../../test/redis.ts'
import { CITY_HALL, eastOf } from '../testing.ts'
import type { DriverPositions } from './index.ts'
import { createMemoryPositions } from './memory.ts'
import { createRedisPositions } from './redis.ts'

/** The same behaviour from both stores: in memory, and Redis GEO against the test run's real Redis. */
const stores: Array<[string, () => DriverPositions]> = [
  ['memory', () => createMemoryPositions()],
  ['redis', () => createRedisPositions({ url: testRedisUrl(), prefix: uniquePrefix() })],
]

const opened: DriverPositions[] = []
afterAll(async () => {
  for (const store of opened) await store.close()
})

function at(driverId: string, point: { lat: number; lng: number }, time = 1_000_000) {
  return { driverId, ...point, heading: null, speed: null, at: time }
}

describe.each(stores)('driver positions (%s)', (kind, make) => {
  const open = () => {
    const store = make()
    opened.push(store)
    return store
  }

  it(`is the ${kind} store`, () => {
    expect(open().kind).toBe(kind)
  })

  it('finds the drivers within the radius, nearest first, and not those beyond it', async () => {
    const store = open()
    await store.update(at('far', eastOf(CITY_HALL, 8)))
    await store.update(at('two', eastOf(CITY_HALL, 2)))
    await store.update(at('one', eastOf(CITY_HALL, 1)))
    await store.update(at('half', eastOf(CITY_HALL, 0.5)))
    const found = await store.nearby(CITY_HALL, 3, { limit: 10, notBefore: 0 })
    expect(found.map((d) => d.driverId)).toEqual(['half', 'one', 'two'])
    expect(found[1]?.distanceKm).toBeCloseTo(1, 1)
    expect((await store.nearby(CITY_HALL, 3, { limit: 2, notBefore: 0 })).map((d) => d.driverId)).toEqual([
      'half',
      'one',
    ])
  })

  it('keeps only the latest position of a driver, with heading and speed', async () => {
    const store = open()
    await store.update(at('d', eastOf(CITY_HALL, 9)))
    await store.update({ ...at('d', eastOf(CITY_HALL, 1), 2_000_000), heading: 90, speed: 12.5 })
    expect(await store.get('d')).toMatchObject({ driverId: 'd', heading: 90, speed: 12.5, at: 2_000_000 })
    const found = await store.nearby(CITY_HALL, 20, { limit: 10, notBefore: 0 })
    expect(found.map((d) => d.driverId)).toEqual(['d'])
    expect(found[0]?.distanceKm).toBeCloseTo(1, 1)
  })

  it('skips drivers whose position is older than notBefore', async () => {
    const store = open()
    await store.update(at('stale', eastOf(CITY_HALL, 0.2), 1000))
    await store.update(at('fresh', eastOf(CITY_HALL, 0.4), 5000))
    const found = await store.nearby(CITY_HALL, 1, { limit: 10, notBefore: 2000 })
    expect(found.map((d) => d.driverId)).toEqual(['fresh'])
  })

  it('forgets a removed driver', async () => {
    const store = open()
    await store.update(at('gone', CITY_HALL))
    await store.remove('gone')
    expect(await store.get('gone')).toBeNull()
    expect(await store.nearby(CITY_HALL, 1, { limit: 10, notBefore: 0 })).toEqual([])
  })
})

describe('driver positions shared between processes (redis)', () => {
  it('lets one store see what another one wrote', async () => {
    const prefix = uniquePrefix()
    const a = createRedisPositions({ url: testRedisUrl(), prefix })
    const b = createRedisPositions({ url: testRedisUrl(), prefix })
    opened.push(a, b)
    await a.update(at('shared', eastOf(CITY_HALL, 1)))
    expect((await b.nearby(CITY_HALL, 2, { limit: 5, notBefore: 0 })).map((d) => d.driverId)).toEqual(['shared'])
  })
})
