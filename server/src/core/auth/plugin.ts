import type { Locale } from '@madang/contracts'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors/app-error.ts'
import type { App } from '../http/types.ts'
import type { Actor, ActorResolver } from './actor.ts'
import type { AccessTokenService } from './tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, set by `app.authenticate`; null on public routes. */
    actor: Actor | null
    /** The language for anything said to this caller: their profile's, else Accept-Language's. */
    locale: Locale
  }
  interface FastifyInstance {
    /** onRequest hook that requires a valid access token of a live session; sets request.actor. */
    authenticate: onRequestAsyncHookHandler
  }
}

/**
 * Bearer authentication. A missing header is a 401 (never a crash, unlike the OneStep original);
 * each way a token can be wrong has its own code; a token of a revoked session is refused.
 */
export const authPlugin = fp(
  async (app: App, options: { accessTokens: AccessTokenService; resolveActor: ActorResolver }) => {
    app.decorateRequest('actor', null)
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const token = readBearerToken(request.headers.authorization)
      const claims = await options.accessTokens.verify(token)
      const actor = await options.resolveActor(claims)
      if (actor === null) throw new AppError('auth.session_revoked')
      request.actor = actor
      request.locale = actor.locale
    })
  },
  { name: 'madang-auth' },
)

function readBearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new AppError('auth.missing_token', { headers: { 'www-authenticate': 'Bearer' } })
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(header)
  if (match?.[1] === undefined) {
    throw new AppError('auth.malformed_token', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
  }
  return match[1]
}

/** The actor of a route guarded by `app.authenticate`. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor === null) throw new AppError('auth.missing_token')
  return request.actor
}

/** The actor of a staff-only route; anyone else gets 403 auth.forbidden. */
export function requireStaff(request: FastifyRequest): Actor {
  const actor = requireActor(request)
  if (!actor.roles.includes('staff')) throw new AppError('auth.forbidden')
  return actor
}
