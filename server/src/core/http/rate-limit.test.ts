import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startPrivateRedis, testRedisUrl, type PrivateRedis } from '../../test/redis.ts'
import { expectProblem, newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { credentialRateLimits, RATE_LIMIT_REDIS_PREFIX, registerRateLimits } from './rate-limit.ts'
import type { App } from './types.ts'

const PER_ACCOUNT = 4

async function signUp(server: TestServer): Promise<ReturnType<typeof newUserInput>> {
  const user = newUserInput()
  expect((await server.http('POST', '/api/accounts/signup', { body: user })).status).toBe(201)
  return user
}

function signIn(server: TestServer, login: string, password = 'wrong-password-123') {
  return server.http('POST', '/api/accounts/signin', { body: { login, password } })
}

describe('credential rate limits across two server processes (REDIS_URL set)', () => {
  let first: TestServer
  let second: TestServer
  beforeAll(async () => {
    const env = { REDIS_URL: testRedisUrl(), AUTH_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT) }
    first = await startTestServer({ env })
    second = await startTestServer({ env, database: first.database })
  })
  afterAll(async () => {
    await second?.close()
    await first?.close()
  })

  it('counts failed sign-ins for one account on both processes together and answers the next with 429', async () => {
    // A new account on every run: the counters outlive this file in the shared Redis for a window.
    const user = await signUp(first)
    const servers = [first, second]
    for (let i = 0; i < PER_ACCOUNT; i += 1) {
      expectProblem(await signIn(servers[i % 2]!, user.username), 401, 'accounts.invalid_credentials')
    }
    // Each process has seen only half the limit; with counters in memory both would still answer 401.
    for (const server of servers) {
      const limited = await signIn(server, user.username)
      expectProblem(limited, 429, 'http.rate_limited')
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
    }
    expectProblem(await signIn(second, user.username, user.password), 429, 'http.rate_limited')
  })
})

describe('credential rate limits while their Redis is down', () => {
  let redis: PrivateRedis
  let server: TestServer
  beforeAll(async () => {
    redis = await startPrivateRedis()
    server = await startTestServer({ env: { REDIS_URL: redis.url, AUTH_RATE_LIMIT_PER_ACCOUNT: '2' } })
  })
  afterAll(async () => {
    await server?.close()
    await redis?.stop()
  })

  it('keeps answering sign-ins (fails open) instead of 500 when Redis is unreachable', async () => {
    const user = await signUp(server)
    expectProblem(await signIn(server, user.username), 401, 'accounts.invalid_credentials')
    // The counters are in this Redis under the rate-limit prefix, not in the process.
    const client = new Redis(redis.url)
    const keys = await client.keys(`${RATE_LIMIT_REDIS_PREFIX}*`)
    await client.quit()
    expect(keys.some((key) => key.endsWith(`signin:account:${user.username}`))).toBe(true)

    await redis.stop()
    // More failed attempts than the limit allows: every one gets its real answer, none a 429 or 500.
    for (let i = 0; i < 3; i += 1) {
      expectProblem(await signIn(server, user.username), 401, 'accounts.invalid_credentials')
    }
    expect((await signIn(server, user.username, user.password)).status).toBe(200)
  })
})

describe('credential rate limits whose Redis is unreachable from the start', () => {
  it('starts, answers every request of a limited route (fails open) and closes', async () => {
    // Nothing listens on a port just freed. A bare app: the whole server would not boot, since the
    // realtime layer on the same REDIS_URL insists on its first connection.
    const app: App = Fastify().withTypeProvider<TypeBoxTypeProvider>()
    await registerRateLimits(app, `redis://127.0.0.1:${await freePort()}`)
    app.post(
      '/attempt',
      { preHandler: credentialRateLimits(app, 'attempt', { perIp: 1, perAccount: 1, windowSeconds: 60 }, () => 'one') },
      async () => ({ ok: true }),
    )
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await app.inject({ method: 'POST', url: '/attempt' })
        expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { ok: true } })
      }
    } finally {
      await app.close()
    }
  })
})
