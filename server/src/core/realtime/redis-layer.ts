import type { StreamPosition } from '@madang/contracts'
import { Redis } from 'ioredis'
import type { Clock } from '../clock.ts'
import {
  decideRecovery,
  deepFreeze,
  type ChannelEvent,
  type ChannelLayer,
  type ChannelListener,
  type HistoryOptions,
} from './layer.ts'
import { newEpoch } from './memory-layer.ts'

/**
 * The channel layer for several processes. Per channel, Redis keeps a hash with the epoch and last
 * offset and a stream with the history; one Lua script assigns the offset, appends and PUBLISHes
 * atomically, so offsets are gap-free and every process sees the same order.
 */

// KEYS: meta, stream. ARGV: new epoch, payload, max history, meta ttl ms, stream ttl ms, pubsub channel.
const PUBLISH_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then epoch = ARGV[1]; redis.call('HSET', KEYS[1], 'e', epoch) end
local offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*', 'o', offset, 'p', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PUBLISH', ARGV[6], epoch .. '\\n' .. offset .. '\\n' .. ARGV[2])
return {epoch, offset}
`

// KEYS: meta, stream. ARGV: new epoch, since offset (-1 for none), max history, meta ttl ms.
const RECOVER_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
local offset = tonumber(redis.call('HGET', KEYS[1], 'o') or '0')
local since = tonumber(ARGV[2])
local entries = {}
if since >= 0 and since < offset then
  entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', math.min(offset - since, tonumber(ARGV[3])))
end
return {epoch, offset, entries}
`

interface Payload {
  e: string
  d: unknown
  t: number
}

type StreamEntry = [id: string, fields: string[]]

export interface RedisLayerOptions extends HistoryOptions {
  url: string
  clock: Clock
  /** Key prefix, so several deployments (or test runs) can share one Redis. */
  prefix?: string
  onError?: (error: unknown) => void
}

export async function createRedisLayer(options: RedisLayerOptions): Promise<ChannelLayer> {
  const prefix = options.prefix ?? 'madang:rt:'
  const retryStrategy = (times: number) => Math.min(times * 100, 2000)
  // Publishing fails fast while Redis is away (live delivery is at-most-once); the subscriber
  // reconnects and resubscribes by itself.
  const pub = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
    lazyConnect: true,
  })
  const sub = new Redis(options.url, { retryStrategy, lazyConnect: true, maxRetriesPerRequest: null })
  for (const client of [pub, sub]) client.on('error', (error) => options.onError?.(error))
  try {
    await Promise.all([pub.connect(), sub.connect()])
  } catch (error) {
    // A first connection that fails must not leave both clients retrying forever in the background.
    pub.disconnect()
    sub.disconnect()
    throw error
  }

  const metaTtlMs = Math.max(options.ttlMs * 10, 24 * 3600 * 1000)
  const keys = (channel: string) => ({
    meta: `${prefix}{${channel}}:meta`,
    stream: `${prefix}{${channel}}:stream`,
    topic: `${prefix}${channel}`,
  })
  const listeners = new Map<string, Set<ChannelListener>>()

  sub.on('message', (topic: string, message: string) => {
    const channel = topic.slice(prefix.length)
    const set = listeners.get(channel)
    if (set === undefined || set.size === 0) return
    const first = message.indexOf('\n')
    const second = message.indexOf('\n', first + 1)
    const event = toEvent(
      channel,
      message.slice(0, first),
      Number(message.slice(first + 1, second)),
      message.slice(second + 1),
    )
    for (const listener of set) {
      try {
        listener(event)
      } catch (error) {
        options.onError?.(error)
      }
    }
  })

  return {
    kind: 'redis',
    async publish(channel, event, data) {
      const k = keys(channel)
      const payload: Payload = { e: event, d: data, t: options.clock.now().getTime() }
      const [epoch, offset] = (await pub.eval(
        PUBLISH_SCRIPT,
        2,
        k.meta,
        k.stream,
        newEpoch(),
        JSON.stringify(payload),
        options.size,
        metaTtlMs,
        options.ttlMs,
        k.topic,
      )) as [string, number]
      return { epoch, offset: Number(offset) }
    },
    async listen(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) {
        set = new Set()
        listeners.set(channel, set)
        await sub.subscribe(keys(channel).topic)
      }
      set.add(listener)
      return () => {
        const current = listeners.get(channel)
        if (current === undefined) return
        current.delete(listener)
        if (current.size === 0) {
          listeners.delete(channel)
          sub.unsubscribe(keys(channel).topic).catch((error: unknown) => options.onError?.(error))
        }
      }
    },
    async recover(channel, since) {
      const k = keys(channel)
      const [epoch, offset, entries] = (await pub.eval(
        RECOVER_SCRIPT,
        2,
        k.meta,
        k.stream,
        newEpoch(),
        since === undefined ? -1 : since.offset,
        options.size,
        metaTtlMs,
      )) as [string, number, StreamEntry[]]
      const position: StreamPosition = { epoch, offset: Number(offset) }
      const history = entries
        .map(([, fields]) => toEvent(channel, epoch, Number(fields[1]), fields[3] ?? '{}'))
        .reverse()
      return decideRecovery(position, history, since, options.clock.now().getTime() - options.ttlMs)
    },
    isHealthy: () => pub.status === 'ready' && sub.status === 'ready',
    async close() {
      listeners.clear()
      await Promise.allSettled([pub.quit(), sub.quit()])
    },
  }
}

function toEvent(channel: string, epoch: string, offset: number, raw: string): ChannelEvent {
  const payload = JSON.parse(raw) as Payload
  return Object.freeze({
    channel,
    offset,
    epoch,
    event: payload.e,
    data: deepFreeze(payload.d),
    publishedAt: payload.t,
  })
}
