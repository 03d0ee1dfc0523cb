import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { AppError } from '../errors/app-error.ts'
import type { App } from './types.ts'

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
