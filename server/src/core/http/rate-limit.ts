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
  const common = {
    timeWindow: settings.windowSeconds * 1000,
    hook: 'preHandler' as const,
    errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) => {
      const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000))
      return new AppError('http.rate_limited', {
        params: { retryAfter },
        headers: { 'retry-after': String(retryAfter) },
      })
    },
  }
  return [
    app.rateLimit({ ...common, max: settings.perIp, keyGenerator: (req) => `${name}:ip:${req.ip}` }),
    app.rateLimit({ ...common, max: settings.perAccount, keyGenerator: (req) => `${name}:account:${accountKey(req)}` }),
  ] as preHandlerAsyncHookHandler[]
}
