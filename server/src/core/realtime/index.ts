import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import { afterCommit } from '../db/transaction.ts'
import { ACCESS_CHANGED_EVENT, userChannel } from './channels.ts'
import type { ChannelLayer } from './layer.ts'
import { createMemoryLayer } from './memory-layer.ts'
import { createRedisLayer } from './redis-layer.ts'

/** What services use to publish: `ctx.realtime.publish(channel, event, data)`. */
export interface Realtime {
  readonly layer: ChannelLayer
  /**
   * Publishes once the surrounding transaction commits (at once outside one). Never throws: a
   * failed publish is logged, since live delivery is at-most-once and clients recover over REST.
   */
  publish(channel: string, event: string, data: unknown): void
  /**
   * Once the surrounding transaction commits, every socket of `userId` (in any process) that is
   * subscribed to `channel` asks the channel's authorizer again and, if no longer allowed, is
   * unsubscribed with an `unsubscribed` frame carrying `realtime.forbidden`. Call it when a user
   * loses access to a channel (e.g. a driver withdraws from a trip); new subscribes are refused anyway.
   */
  revalidate(userId: string, channel: string): void
}

export interface RealtimeConfig {
  redisUrl: string | null
  historySize: number
  historyTtlSeconds: number
  redisPrefix?: string
}

export async function openChannelLayer(config: RealtimeConfig, clock: Clock, log: Logger): Promise<ChannelLayer> {
  const history = { size: config.historySize, ttlMs: config.historyTtlSeconds * 1000 }
  if (config.redisUrl === null) {
    return createMemoryLayer({
      ...history,
      clock,
      onListenerError: (err) => log.error({ err }, 'realtime listener failed'),
    })
  }
  let lastErrorAt = 0
  return createRedisLayer({
    ...history,
    clock,
    url: config.redisUrl,
    prefix: config.redisPrefix,
    onError: (err) => {
      // Redis reconnects by itself; one line per 10 s is enough to see an outage in the logs.
      const now = Date.now()
      if (now - lastErrorAt > 10_000) log.warn({ err }, 'realtime backplane (Redis) error')
      lastErrorAt = now
    },
  })
}

export function createRealtime(layer: ChannelLayer, log: Logger): Realtime {
  function publish(channel: string, event: string, data: unknown): void {
    afterCommit(() => {
      layer.publish(channel, event, data).catch((err: unknown) => {
        log.warn({ err, channel, event }, 'realtime publish failed')
      })
    })
  }
  return {
    layer,
    publish,
    revalidate(userId, channel) {
      publish(userChannel(userId), ACCESS_CHANGED_EVENT, { channel })
    },
  }
}
