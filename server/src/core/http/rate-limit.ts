import rateLimit from '@fastify/rate-limit'
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { Redis } from 'ioredis'
import { AppError } from '../errors/app-error.ts'
import type { App } from './types.ts'

/** Key prefix of the counters in Redis, beside the realtime layer's `madang:rt:` and rides' `madang:rides:`. */
export const RATE_LIMIT_REDIS_PREFIX = 'madang:rl:'

/**
 * Registers @fastify/rate-limit for the routes that ask for it (see credentialRateLimits). With
 * `redisUrl` the counters live in Redis, so N processes allow the configured number of guesses and
 * not N times as many; without it they live in this process's memory. While Redis is unreachable
 * the limits fail open (requests pass, a warning is logged): a sign-in must not turn into a 500.
 */
export async function registerRateLimits(app: App, redisUrl: string | null): Promise<void> {
  if (redisUrl === null) {
    await app.register(rateLimit, { global: false })
    return
  }
  // No offline queue, no retries and a short command timeout: during an outage each count fails
  // at once (and skipOnError lets the request through) instead of holding a sign-in until Redis returns.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  })
  let lastWarnedAt = 0
  redis.on('error', (err: unknown) => {
    // ioredis reconnects by itself; one line per 10 s is enough to see an outage in the logs.
    const now = Date.now()
    if (now - lastWarnedAt < 10_000) return
    lastWarnedAt = now
    app.log.warn({ err }, 'rate limits (Redis) unavailable; credential routes are not limited')
  })
  // Counts sent before the connection is up would fail open, so wait for it; if Redis is down at
  // boot the server still starts (failing open) and the client keeps reconnecting.
  await redis.connect().catch(() => {})
  app.addHook('onClose', async () => {
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect())
    else redis.disconnect()
  })
  // The store defines its Lua script on the client with defineCommand; its keys read
  // `<nameSpace>undefinedundefined-<our key>` because createRateLimit has no route to name.
  await app.register(rateLimit, { global: false, redis, nameSpace: RATE_LIMIT_REDIS_PREFIX, skipOnError: true })
}

export interface RateLimitSettings {
  perIp: number
  perAccount: number
  windowSeconds: number
}

/**
 * Two limits for a credential endpoint: one per client IP and one per account, so neither a
 * single address nor a botnet aimed at one account gets unlimited guesses. `accountKey` reads the
 * account from the validated request (login, email, session). Over a limit: 429 with Retry-After.
 */
export function credentialRateLimits(
  app: App,
  name: string,
  settings: RateLimitSettings,
  accountKey: (request: FastifyRequest) => string,
): preHandlerAsyncHookHandler[] {
  const timeWindow = settings.windowSeconds * 1000
  // createRateLimit, not rateLimit: the hooks rateLimit returns share one "already ran" flag per
  // request, so a second limit on the same route would silently never count.
  const limiters = [
    app.createRateLimit({ timeWindow, max: settings.perIp, keyGenerator: (req) => `${name}:ip:${req.ip}` }),
    app.createRateLimit({
      timeWindow,
      max: settings.perAccount,
      keyGenerator: (req) => `${name}:account:${accountKey(req)}`,
    }),
  ]
  const enforce: preHandlerAsyncHookHandler = async (request) => {
    for (const limiter of limiters) {
      const result = await limiter(request)
      if (!result.isAllowed && result.isExceeded) {
        const retryAfter = Math.max(1, Math.ceil(result.ttl / 1000))
        throw new AppError('http.rate_limited', {
          params: { retryAfter },
          headers: { 'retry-after': String(retryAfter) },
        })
      }
    }
  }
  return [enforce]
}
