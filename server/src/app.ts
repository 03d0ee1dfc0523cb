import { randomUUID } from 'node:crypto'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Problem } from '@madang/contracts'
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Ctx } from './ctx.ts'
import type { ActorResolver } from './core/auth/actor.ts'
import { authPlugin } from './core/auth/plugin.ts'
import { AppError } from './core/errors/app-error.ts'
import { sendProblem, toAppError } from './core/http/problem.ts'
import { registerRateLimits } from './core/http/rate-limit.ts'
import { attachGateway, type CommandDefinition, type Gateway } from './core/realtime/gateway.ts'
import type { ChannelAuthorizer } from './core/realtime/channels.ts'
import type { App } from './core/http/types.ts'
import { registerWebApp, sendWebApp, wantsWebApp } from './core/http/web-app.ts'
import { INSTALLED_MODULES } from './modules/index.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The WebSocket gateway at /ws, attached to this app's HTTP server. */
    gateway: Gateway
  }
}

/** The origin(s) of an XYZ tile URL template; `{s}` subdomains become a wildcard. */
function tileOrigins(template: string): string[] {
  const match = /^(https?:\/\/[^/]+)/.exec(template)
  if (match?.[1] === undefined) return []
  return [match[1].replace('{s}', '*')]
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/

/**
 * Builds the HTTP application: core plugins (security headers, CORS, request ids, problem
 * errors, auth, rate limits, OpenAPI), then every installed module's routes under /api/<name>.
 * It does not listen; main.ts and the tests decide where it serves.
 */
export async function buildApp(ctx: Ctx): Promise<App> {
  const { config } = ctx
  const app: App = Fastify({
    // pino's Logger is wider than FastifyBaseLogger; without the widening App's type does not match.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID()
    },
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  // The API speaks JSON only; Fastify's default text/plain parser would turn a mislabelled body
  // into a string and answer with a confusing validation error instead of 415.
  app.removeContentTypeParser('text/plain')

  app.decorateRequest('locale', 'en')
  app.addHook('onRequest', async (request, reply) => {
    request.locale = ctx.i18n.negotiate(request.headers['accept-language'])
    void reply.header('x-request-id', request.id)
  })

  app.setErrorHandler((error, request, reply) => {
    const { appError, isUnexpected } = toAppError(error)
    if (isUnexpected) request.log.error({ err: error }, 'unhandled error')
    return sendProblem(request, reply, appError, ctx.i18n)
  })
  let isServingWebApp = false
  app.setNotFoundHandler((request, reply) =>
    isServingWebApp && wantsWebApp(request)
      ? sendWebApp(reply)
      : sendProblem(
          request,
          reply,
          new AppError('http.not_found', { params: { method: request.method, path: request.url.split('?')[0] ?? '' } }),
          ctx.i18n,
        ),
  )

  // Every route documents its failures as problem details.
  app.addHook('onRoute', (route) => {
    if (route.schema?.response !== undefined) {
      const response = route.schema.response as Record<string, unknown>
      response['4xx'] ??= Problem
      response['5xx'] ??= Problem
    }
  })

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      directives: {
        // blob: previews a screenshot before it is uploaded; the rides map loads tiles from the
        // configured tile server; the socket is same-origin ('self').
        'img-src': ["'self'", 'data:', 'blob:', ...tileOrigins(config.rides.mapTileUrl)],
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
      },
    },
  })
  await app.register(cors, {
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after'],
  })
  await registerRateLimits(app, config.redisUrl)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Madang API',
        version: '0.1.0',
        description:
          'Every failure is application/problem+json with a stable `code`. Authenticate with `Authorization: Bearer <accessToken>`.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })

  const resolvers = INSTALLED_MODULES.flatMap((m) => (m.resolveActor === undefined ? [] : [m.resolveActor(ctx)]))
  const resolveActor: ActorResolver | undefined = resolvers[0]
  if (resolveActor === undefined || resolvers.length > 1) {
    throw new Error('exactly one installed module must provide resolveActor')
  }
  await app.register(authPlugin, { accessTokens: ctx.accessTokens, resolveActor })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  )
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Ready when the database answers and realtime fan-out works',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            checks: Type.Object({ database: Type.Literal('up'), realtime: Type.Literal('up') }),
          }),
        },
      },
    },
    async (request: FastifyRequest) => {
      try {
        await ctx.database.ping()
      } catch (cause) {
        request.log.warn({ err: cause }, 'database not ready')
        throw new AppError('http.unavailable', { params: { check: 'database' }, cause })
      }
      if (!ctx.realtime.layer.isHealthy()) {
        throw new AppError('http.unavailable', { params: { check: 'realtime' } })
      }
      return { status: 'ready' as const, checks: { database: 'up' as const, realtime: 'up' as const } }
    },
  )

  const authorizers = new Map<string, ChannelAuthorizer>()
  const commands = new Map<string, CommandDefinition>()
  for (const module of INSTALLED_MODULES) {
    const realtime = module.realtime?.(ctx)
    for (const [kind, authorize] of Object.entries(realtime?.channels ?? {})) authorizers.set(kind, authorize)
    for (const [type, command] of Object.entries(realtime?.commands ?? {})) commands.set(type, command)
  }
  const gateway = attachGateway(app.server, {
    layer: ctx.realtime.layer,
    accessTokens: ctx.accessTokens,
    resolveActor,
    authorizers,
    commands,
    settings: { path: '/ws', ...config.realtime },
    clock: ctx.clock,
    log: ctx.log,
    i18n: ctx.i18n,
  })
  app.decorate('gateway', gateway)
  app.addHook('preClose', async () => gateway.close())

  isServingWebApp = await registerWebApp(app, config.webDistDir)

  for (const module of INSTALLED_MODULES) {
    const routes = module.routes
    if (routes === undefined) continue
    await app.register(async (scope) => routes(scope as App, ctx), { prefix: `/api/${module.name}` })
  }
  return app
}
