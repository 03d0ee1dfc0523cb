import type { AddressInfo } from 'node:net'
import type { AuthResult, Problem } from '@madang/contracts'
import { expect } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig, type Config } from '../config/index.ts'
import { createCtx, type Ctx } from '../ctx.ts'
import type { Clock } from '../core/clock.ts'
import type { Database } from '../core/db/index.ts'
import type { App } from '../core/http/types.ts'
import { createTestDatabase } from './database.ts'

const jobStarts = new WeakMap<Database, Promise<void>>()

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789'

export interface TestServer {
  url: string
  ctx: Ctx
  app: App
  database: Database
  http: HttpClient
  close(): Promise<void>
}

/**
 * Starts the real application on a random loopback port over a fresh database. `env` overrides
 * configuration variables; pass `database` to share one between two servers.
 */
export async function startTestServer(
  options: {
    env?: Record<string, string>
    clock?: Clock
    database?: Database
    /** Listen on this port (default: any free one); a browser test needs PUBLIC_URL to match it. */
    port?: number
    /** Adds routes or hooks to the app before it listens (e.g. a route that throws). */
    extend?: (app: App) => void | Promise<void>
  } = {},
): Promise<TestServer> {
  const config: Config = loadConfig({
    APP_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    PUBLIC_URL: 'http://madang.test',
    AUTH_RATE_LIMIT_PER_IP: '1000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '1000',
    ...options.env,
  })
  const ownsDatabase = options.database === undefined
  const database = options.database ?? (await createTestDatabase())
  const ctx = await createCtx(config, { database, clock: options.clock })
  // As main.ts does: pg-boss and its queues exist before any request enqueues a job. Servers that
  // share one PGlite share its single connection, so they start their job queues one at a time.
  const previous = jobStarts.get(database) ?? Promise.resolve()
  const started = previous.then(() => ctx.jobs.start())
  jobStarts.set(
    database,
    started.catch(() => {}),
  )
  await started
  const app = await buildApp(ctx)
  await options.extend?.(app)
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  return {
    url,
    ctx,
    app,
    database,
    http: createHttpClient(url),
    async close() {
      // A test may leave a kept-alive connection behind; do not wait out its timeout.
      app.server.closeAllConnections()
      await app.close()
      await ctx.close()
      if (ownsDatabase) await database.close()
    },
  }
}

export interface HttpResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
}

export type HttpClient = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> },
) => Promise<HttpResponse<T>>

export function createHttpClient(baseUrl: string): HttpClient {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    let body: string | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
    const text = await response.text()
    const contentType = response.headers.get('content-type') ?? ''
    const parsed: unknown = text !== '' && contentType.includes('json') ? JSON.parse(text) : text
    return { status: response.status, headers: response.headers, body: parsed as never }
  }
}

let counter = 0
/** Sign-up input with a unique email and username and a password that passes the rule. */
export function newUserInput(overrides: Record<string, unknown> = {}) {
  counter += 1
  const tag = `${Date.now().toString(36)}${counter}`
  return {
    email: `user${tag}@example.com`,
    username: `user_${tag}`,
    password: 'plum-orchard-lantern-42',
    ...overrides,
  }
}

/** Asserts the response is a problem document with this status and code, and returns it. */
export function expectProblem(res: HttpResponse<unknown>, status: number, code: string): Problem {
  expect({ status: res.status, code: (res.body as Partial<Problem>).code }).toEqual({ status, code })
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  return res.body as Problem
}

/** Signs a new user up (201 expected) and returns what the server answered with the input used. */
export async function signUpUser(
  server: Pick<TestServer, 'http'>,
  overrides: Record<string, unknown> = {},
): Promise<{ input: ReturnType<typeof newUserInput>; auth: AuthResult }> {
  const input = newUserInput(overrides)
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { input, auth: res.body }
}
