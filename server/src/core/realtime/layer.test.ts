import { afterEach, describe, expect, it } from 'vitest'
import { testRedisUrl, uniquePrefix } from '../../test/redis.ts'
import { createManualClock } from '../clock.ts'
import { decideRecovery, type ChannelEvent, type ChannelLayer, type HistoryOptions } from './layer.ts'
import { createMemoryLayer } from './memory-layer.ts'
import { createRedisLayer } from './redis-layer.ts'

type Clock = ReturnType<typeof createManualClock>
type LayerFactory = (history: HistoryOptions, clock: Clock) => Promise<{ a: ChannelLayer; b: ChannelLayer }>

const opened: ChannelLayer[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((layer) => layer.close()))
})

/** For the memory layer "two processes" are one; for Redis, two layers sharing a prefix act as two processes. */
const factories: Array<[string, LayerFactory]> = [
  [
    'memory',
    async (history, clock) => {
      const layer = createMemoryLayer({ ...history, clock })
      opened.push(layer)
      return { a: layer, b: layer }
    },
  ],
  [
    'redis',
    async (history, clock) => {
      const prefix = uniquePrefix()
      const a = await createRedisLayer({ ...history, clock, url: testRedisUrl(), prefix })
      const b = await createRedisLayer({ ...history, clock, url: testRedisUrl(), prefix })
      opened.push(a, b)
      return { a, b }
    },
  ],
]

function collector() {
  const events: ChannelEvent[] = []
  const waiters: Array<() => void> = []
  return {
    events,
    listener: (event: ChannelEvent) => {
      events.push(event)
      for (const wake of waiters.splice(0)) wake()
    },
    async waitFor(count: number): Promise<ChannelEvent[]> {
      const deadline = Date.now() + 5000
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${events.length} of ${count} events`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return events
    },
  }
}

const HISTORY = { size: 5, ttlMs: 60_000 }

describe.each(factories)('%s channel layer', (_name, open) => {
  it('delivers events to every listener in publish order with consecutive offsets', async () => {
    const { a, b } = await open(HISTORY, createManualClock())
    const one = collector()
    const two = collector()
    await a.listen('test:room:1', one.listener)
    await b.listen('test:room:1', two.listener)
    for (let i = 1; i <= 4; i++) await a.publish('test:room:1', 'test.said', { i })
    for (const c of [one, two]) {
      const events = await c.waitFor(4)
      expect(events.map((e) => [e.offset, e.event, e.data])).toEqual([
        [1, 'test.said', { i: 1 }],
        [2, 'test.said', { i: 2 }],
        [3, 'test.said', { i: 3 }],
        [4, 'test.said', { i: 4 }],
      ])
      expect(new Set(events.map((e) => e.epoch)).size).toBe(1)
    }
  })

  it('gives every listener an event no other listener can change', async () => {
    const { a, b } = await open(HISTORY, createManualClock())
    const seen: unknown[] = []
    const mutator = (event: ChannelEvent) => {
      const data = event.data as { items: string[]; nested: { n: number } }
      expect(() => data.items.push('evil')).toThrow(TypeError)
      expect(() => {
        data.nested.n = 666
      }).toThrow(TypeError)
    }
    const second = collector()
    await a.listen('test:room:2', mutator)
    await a.listen('test:room:2', (event) => seen.push(structuredClone(event.data)))
    await b.listen('test:room:2', second.listener)
    const payload = { items: ['a'], nested: { n: 1 } }
    await a.publish('test:room:2', 'test.changed', payload)
    payload.items.push('changed by the publisher after publishing')
    const [event] = await second.waitFor(1)
    expect(event?.data).toEqual({ items: ['a'], nested: { n: 1 } })
    await expect.poll(() => seen).toEqual([{ items: ['a'], nested: { n: 1 } }])
  })

  it('stops delivering to a listener once it unlistens', async () => {
    const { a } = await open(HISTORY, createManualClock())
    const kept = collector()
    const dropped = collector()
    await a.listen('test:room:3', kept.listener)
    const unlisten = await a.listen('test:room:3', dropped.listener)
    await a.publish('test:room:3', 'test.one', 1)
    await dropped.waitFor(1)
    unlisten()
    await a.publish('test:room:3', 'test.two', 2)
    await kept.waitFor(2)
    expect(dropped.events).toHaveLength(1)
  })

  describe('recovery', () => {
    it('replays every event after a position still in history, in order', async () => {
      const { a, b } = await open(HISTORY, createManualClock())
      for (let i = 1; i <= 4; i++) await a.publish('test:r:1', 'test.n', i)
      const { position } = await b.recover('test:r:1')
      const recovery = await b.recover('test:r:1', { offset: 1, epoch: position.epoch })
      expect(recovery.recovered).toBe(true)
      expect(recovery.position.offset).toBe(4)
      expect(recovery.events.map((e) => [e.offset, e.data])).toEqual([
        [2, 2],
        [3, 3],
        [4, 4],
      ])
    })

    it('reports recovered with no events when nothing was missed', async () => {
      const { a, b } = await open(HISTORY, createManualClock())
      const start = await b.recover('test:r:2')
      expect(start.position.offset).toBe(0)
      const empty = await b.recover('test:r:2', start.position)
      expect(empty).toMatchObject({ recovered: true, events: [] })
      await a.publish('test:r:2', 'test.n', 1)
      const after = await b.recover('test:r:2', { offset: 1, epoch: start.position.epoch })
      expect(after).toMatchObject({ recovered: true, events: [], position: { offset: 1, epoch: start.position.epoch } })
    })

    it('cannot recover a position older than the history holds', async () => {
      const { a, b } = await open(HISTORY, createManualClock())
      for (let i = 1; i <= 8; i++) await a.publish('test:r:3', 'test.n', i)
      const { position } = await b.recover('test:r:3')
      expect(await b.recover('test:r:3', { offset: 2, epoch: position.epoch })).toMatchObject({
        recovered: false,
        events: [],
      })
      const edge = await b.recover('test:r:3', { offset: 3, epoch: position.epoch })
      expect(edge.recovered).toBe(true)
      expect(edge.events.map((e) => e.offset)).toEqual([4, 5, 6, 7, 8])
    })

    it('cannot recover a position ahead of the stream', async () => {
      const { a, b } = await open(HISTORY, createManualClock())
      await a.publish('test:r:4', 'test.n', 1)
      const { position } = await b.recover('test:r:4')
      expect(await b.recover('test:r:4', { offset: 9, epoch: position.epoch })).toMatchObject({ recovered: false })
    })

    it('cannot recover once the missed events have expired', async () => {
      const clock = createManualClock()
      const { a, b } = await open({ size: 100, ttlMs: 10_000 }, clock)
      const { position } = await b.recover('test:r:5')
      await a.publish('test:r:5', 'test.n', 1)
      clock.advance(5_000)
      await a.publish('test:r:5', 'test.n', 2)
      clock.advance(6_000)
      expect(await b.recover('test:r:5', position)).toMatchObject({ recovered: false, events: [] })
      const partial = await b.recover('test:r:5', { offset: 1, epoch: position.epoch })
      expect(partial.recovered).toBe(true)
      expect(partial.events.map((e) => e.data)).toEqual([2])
    })

    it('cannot recover a position from another epoch', async () => {
      const { a, b } = await open(HISTORY, createManualClock())
      await a.publish('test:r:6', 'test.n', 1)
      expect(await b.recover('test:r:6', { offset: 0, epoch: 'another-epoch' })).toMatchObject({ recovered: false })
    })
  })
})

describe('decideRecovery', () => {
  const epoch = 'e1'
  const event = (offset: number, publishedAt = 1000): ChannelEvent => ({
    channel: 'c',
    offset,
    epoch,
    event: 'x.y',
    data: offset,
    publishedAt,
  })
  const history = [event(3), event(4), event(5)]
  const position = { offset: 5, epoch }
  it.each([
    ['no position given', undefined, false, []],
    ['nothing missed', { offset: 5, epoch }, true, []],
    ['in history', { offset: 3, epoch }, true, [4, 5]],
    ['just at the history start', { offset: 2, epoch }, true, [3, 4, 5]],
    ['older than history', { offset: 1, epoch }, false, []],
    ['ahead of the stream', { offset: 6, epoch }, false, []],
    ['another epoch', { offset: 5, epoch: 'e0' }, false, []],
  ])('%s', (_case, since, recovered, offsets) => {
    const result = decideRecovery(position, history, since, 0)
    expect(result.recovered).toBe(recovered)
    expect(result.events.map((e) => e.offset)).toEqual(offsets)
  })

  it('refuses a gap that contains an expired event', () => {
    expect(decideRecovery(position, [event(3, 10), event(4), event(5)], { offset: 2, epoch }, 100).recovered).toBe(
      false,
    )
  })
})
