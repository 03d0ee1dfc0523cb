import {
  AuthResult,
  ChangePasswordBody,
  DeviceList,
  IdParams,
  RefreshBody,
  SignInBody,
  SignUpBody,
  Tokens,
  UpdateMeBody,
  User,
} from '@madang/contracts'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import { requireActor } from '../../core/auth/plugin.ts'
import { credentialRateLimits } from '../../core/http/rate-limit.ts'
import type { App } from '../../core/http/types.ts'
import * as service from './service/index.ts'
import { sessionIdOfRefreshToken } from './service/tokens.ts'

const TAGS = ['accounts']
const SECURED = { tags: TAGS, security: [{ bearerAuth: [] }] }
const NoContent = { 204: Type.Null({ description: 'Done' }) }

function clientOf(request: FastifyRequest): service.ClientInfo {
  const userAgent = request.headers['user-agent']
  return { ipAddress: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null }
}

export async function accountsRoutes(app: App, ctx: Ctx): Promise<void> {
  const limits = ctx.config.rateLimit
  // Authentication runs first, before the body is parsed or validated: no route details leak to strangers.
  const auth = { onRequest: app.authenticate }

  app.post(
    '/signup',
    {
      schema: { tags: TAGS, summary: 'Create an account and sign in', body: SignUpBody, response: { 201: AuthResult } },
      preHandler: credentialRateLimits(app, 'signup', limits, (req) => (req.body as SignUpBody).email.toLowerCase()),
    },
    async (request, reply) => {
      const result = await service.signUp(ctx, request.body, clientOf(request))
      return reply.code(201).send(result)
    },
  )

  app.post(
    '/signin',
    {
      schema: {
        tags: TAGS,
        summary: 'Sign in with username or email; opens a device session',
        body: SignInBody,
        response: { 200: AuthResult },
      },
      preHandler: credentialRateLimits(app, 'signin', limits, (req) =>
        (req.body as SignInBody).login.trim().toLowerCase(),
      ),
    },
    async (request) => service.signIn(ctx, request.body, clientOf(request)),
  )

  app.post(
    '/refresh',
    {
      schema: {
        tags: TAGS,
        summary: 'Rotate a refresh token; reusing a spent one revokes the session',
        body: RefreshBody,
        response: { 200: Tokens },
      },
      preHandler: credentialRateLimits(
        app,
        'refresh',
        limits,
        (req) => sessionIdOfRefreshToken((req.body as RefreshBody).refreshToken) ?? 'unknown',
      ),
    },
    async (request) => service.refreshTokens(ctx, request.body.refreshToken, clientOf(request)),
  )

  app.post(
    '/signout',
    { schema: { ...SECURED, summary: 'Sign this device out', response: NoContent }, ...auth },
    async (request, reply) => {
      await service.signOut(ctx, requireActor(request))
      return reply.code(204).send(null)
    },
  )

  app.get('/me', { schema: { ...SECURED, summary: 'My profile', response: { 200: User } }, ...auth }, async (request) =>
    service.getMe(ctx, requireActor(request)),
  )

  app.patch(
    '/me',
    { schema: { ...SECURED, summary: 'Edit my profile', body: UpdateMeBody, response: { 200: User } }, ...auth },
    async (request) => service.updateMe(ctx, requireActor(request), request.body),
  )

  app.post(
    '/me/password',
    {
      schema: {
        ...SECURED,
        summary: 'Change my password; signs out my other devices',
        body: ChangePasswordBody,
        response: NoContent,
      },
      ...auth,
    },
    async (request, reply) => {
      await service.changePassword(ctx, requireActor(request), request.body, clientOf(request))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/devices',
    { schema: { ...SECURED, summary: 'My signed-in devices', response: { 200: DeviceList } }, ...auth },
    async (request) => service.listDevices(ctx, requireActor(request)),
  )

  app.delete(
    '/devices/:id',
    {
      schema: { ...SECURED, summary: 'Sign one of my devices out', params: IdParams, response: NoContent },
      ...auth,
    },
    async (request, reply) => {
      await service.revokeDevice(ctx, requireActor(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
