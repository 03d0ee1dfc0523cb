import { randomUUID } from 'node:crypto'
import type { AuthResult, ErrorCode } from '@madang/contracts'
import { SignJWT, type JWTPayload } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/database.ts'
import { TEST_SECRET, newUserInput, startTestServer, type HttpResponse, type TestServer } from '../../test/server.ts'
import { createManualClock } from '../clock.ts'
import type { Database } from '../db/index.ts'

const ME = '/api/accounts/me'
/** What startTestServer configures: the issuer and audience a token must carry to be accepted. */
const ISSUER = 'http://madang.test'
const AUDIENCE = 'test'
const PROBLEM_KEYS = ['code', 'detail', 'requestId', 'status', 'title', 'type']

/** Asserts a 401 problem with exactly this code that reveals nothing about the server's internals. */
function expectAuthProblem(res: HttpResponse, code: ErrorCode): void {
  expect(res.status).toBe(401)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json\b/)
  expect(res.body).toMatchObject({ type: `urn:madang:problem:${code}`, status: 401, code })
  expect(Object.keys(res.body as object).sort()).toEqual(PROBLEM_KEYS)
  const text = JSON.stringify(res.body)
  expect(text).not.toMatch(/stack|\bat \S+:\d+|\.ts\b|jose|JWS|claim|verification|Error\b|uuid|syntax/i)
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** Claims that would be accepted by the test server for this user and session. */
function validClaims(userId: string, sessionId: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000)
  return { sub: userId, sid: sessionId, roles: [], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 }
}

async function sign(payload: JWTPayload, options: { secret?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET))
}

async function signUp(server: TestServer): Promise<{ userId: string; sessionId: string; accessToken: string }> {
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })
  expect(res.status).toBe(201)
  return { userId: res.body.user.id, sessionId: res.body.tokens.sessionId, accessToken: res.body.tokens.accessToken }
}

describe('bearer authentication on a protected route', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server?.close())

  it('accepts the access token issued at sign-up (control for every refusal below)', async () => {
    const { userId, sessionId, accessToken } = await signUp(server)
    const res = await server.http<{ id: string }>('GET', ME, { token: accessToken })
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(userId)
    // A token crafted here with the test secret is accepted too, so the crafted refusals differ only in their fault.
    const crafted = await server.http<{ id: string }>('GET', ME, {
      token: await sign(validClaims(userId, sessionId)),
    })
    expect(crafted.status).toBe(200)
    expect(crafted.body.id).toBe(userId)
  })

  it.each([
    ['GET', ME],
    ['GET', '/api/accounts/devices'],
    ['POST', '/api/accounts/signout'],
  ])('answers %s %s without an Authorization header with 401 auth.missing_token, never 500', async (method, path) => {
    const res = await server.http(method, path)
    expectAuthProblem(res, 'auth.missing_token')
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('treats an empty Authorization header as a missing token', async () => {
    const res = await server.http('GET', ME, { headers: { authorization: '' } })
    expectAuthProblem(res, 'auth.missing_token')
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('refuses a non-Bearer scheme with auth.malformed_token', async () => {
    const { accessToken } = await signUp(server)
    const basic = await server.http('GET', ME, { headers: { authorization: 'Basic dXNlcjpwYXNz' } })
    expectAuthProblem(basic, 'auth.malformed_token')
    expect(basic.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    // Even a valid token is refused under another scheme name.
    const token = await server.http('GET', ME, { headers: { authorization: `Token ${accessToken}` } })
    expectAuthProblem(token, 'auth.malformed_token')
  })

  it('refuses "Bearer" with no token after it with auth.malformed_token', async () => {
    const res = await server.http('GET', ME, { headers: { authorization: 'Bearer' } })
    expectAuthProblem(res, 'auth.malformed_token')
  })

  it.each([
    ['a word', 'not-a-jwt'],
    ['three segments of garbage', 'abc.def.ghi'],
    ['a header that is not JSON', `${Buffer.from('{nope').toString('base64url')}.${base64url({ sub: 'x' })}.sig`],
    ['a JWE-shaped five-part token', 'a.b.c.d.e'],
  ])('refuses a malformed token (%s) with auth.malformed_token', async (_label, token) => {
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.malformed_token')
  })

  it('refuses a correctly signed token without a sid claim with auth.malformed_token', async () => {
    const { userId, sessionId } = await signUp(server)
    const claims = validClaims(userId, sessionId)
    delete claims.sid
    const res = await server.http('GET', ME, { token: await sign(claims) })
    expectAuthProblem(res, 'auth.malformed_token')
  })

  it.each(['sub', 'sid'])(
    'refuses a correctly signed token whose %s is not an id with auth.malformed_token, not a database error',
    async (claim) => {
      const { userId, sessionId } = await signUp(server)
      const token = await sign({ ...validClaims(userId, sessionId), [claim]: 'not-a-uuid' })
      const res = await server.http('GET', ME, { token })
      expectAuthProblem(res, 'auth.malformed_token')
    },
  )

  it('refuses a token signed with another secret with auth.invalid_signature', async () => {
    const { userId, sessionId } = await signUp(server)
    const token = await sign(validClaims(userId, sessionId), {
      secret: 'another-secret-that-is-long-enough-for-hs256-9876543210',
    })
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.invalid_signature')
  })

  it('refuses a genuine token whose payload was edited with auth.invalid_signature', async () => {
    const { accessToken } = await signUp(server)
    const victim = await signUp(server)
    const [header, payload, signature] = accessToken.split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload
    const forged = `${header}.${base64url({ ...claims, sub: victim.userId, sid: victim.sessionId })}.${signature}`
    const res = await server.http('GET', ME, { token: forged })
    expectAuthProblem(res, 'auth.invalid_signature')
  })

  it.each(['none', 'None', 'NONE'])(
    'refuses an unsigned alg: %s token with auth.algorithm_not_allowed',
    async (alg) => {
      const { userId, sessionId } = await signUp(server)
      const token = `${base64url({ alg, typ: 'JWT' })}.${base64url(validClaims(userId, sessionId))}.`
      const res = await server.http('GET', ME, { token })
      expectAuthProblem(res, 'auth.algorithm_not_allowed')
    },
  )

  it('refuses an HS512 token signed with the right secret with auth.algorithm_not_allowed', async () => {
    const { userId, sessionId } = await signUp(server)
    const token = await sign(validClaims(userId, sessionId), { alg: 'HS512' })
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.algorithm_not_allowed')
  })

  it('refuses a token for another audience with auth.wrong_audience', async () => {
    const { userId, sessionId } = await signUp(server)
    const token = await sign({ ...validClaims(userId, sessionId), aud: 'production' })
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.wrong_audience')
  })

  it('refuses a token from another issuer with auth.wrong_issuer', async () => {
    const { userId, sessionId } = await signUp(server)
    const token = await sign({ ...validClaims(userId, sessionId), iss: 'https://evil.example' })
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.wrong_issuer')
  })

  it('refuses the access token of a signed-out session with auth.session_revoked', async () => {
    const { accessToken } = await signUp(server)
    const out = await server.http('POST', '/api/accounts/signout', { token: accessToken })
    expect(out.status).toBe(204)
    const res = await server.http('GET', ME, { token: accessToken })
    expectAuthProblem(res, 'auth.session_revoked')
  })

  it('refuses a valid token of an existing user whose sid names no session with auth.session_revoked', async () => {
    const { userId } = await signUp(server)
    const { token } = await server.ctx.accessTokens.sign({ userId, sessionId: randomUUID(), roles: [] })
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.session_revoked')
  })

  it("refuses a valid token that pairs one user's id with another user's session with auth.session_revoked", async () => {
    const alice = await signUp(server)
    const bob = await signUp(server)
    const token = await sign(validClaims(alice.userId, bob.sessionId))
    const res = await server.http('GET', ME, { token })
    expectAuthProblem(res, 'auth.session_revoked')
  })
})

describe('access token expiry', () => {
  const clock = createManualClock(new Date('2030-01-01T00:00:00Z'))
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ clock })
  })
  afterAll(async () => server?.close())

  it('accepts an access token until 15 minutes have passed, then refuses it with auth.token_expired', async () => {
    const { accessToken } = await signUp(server)
    clock.advance(14 * 60 * 1000)
    expect((await server.http('GET', ME, { token: accessToken })).status).toBe(200)
    clock.advance(60 * 1000 + 1000)
    const res = await server.http('GET', ME, { token: accessToken })
    expectAuthProblem(res, 'auth.token_expired')
  })
})

describe('tokens bound to the deployment (two servers sharing a database and a secret)', () => {
  let database: Database
  const servers: TestServer[] = []
  async function start(env: Record<string, string>): Promise<TestServer> {
    const server = await startTestServer({ database, env: { JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...env } })
    servers.push(server)
    return server
  }
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    for (const server of servers) await server.close()
    await database?.close()
  })

  it('refuses a token minted by the development server on the production server with auth.wrong_audience', async () => {
    const development = await start({ APP_ENV: 'development', PUBLIC_URL: 'https://madang.example' })
    const production = await start({ APP_ENV: 'production', PUBLIC_URL: 'https://madang.example' })
    const devUser = await signUp(development)
    expect((await development.http('GET', ME, { token: devUser.accessToken })).status).toBe(200)
    expectAuthProblem(await production.http('GET', ME, { token: devUser.accessToken }), 'auth.wrong_audience')
    // The other way round too, while the production server accepts its own tokens over the same data.
    const prodUser = await signUp(production)
    expect((await production.http('GET', ME, { token: prodUser.accessToken })).status).toBe(200)
    expectAuthProblem(await development.http('GET', ME, { token: prodUser.accessToken }), 'auth.wrong_audience')
  })

  it('refuses a token minted by a server at another public URL with auth.wrong_issuer', async () => {
    const first = await start({ APP_ENV: 'staging', PUBLIC_URL: 'https://a.madang.example' })
    const second = await start({ APP_ENV: 'staging', PUBLIC_URL: 'https://b.madang.example' })
    const user = await signUp(first)
    expect((await first.http('GET', ME, { token: user.accessToken })).status).toBe(200)
    expectAuthProblem(await second.http('GET', ME, { token: user.accessToken }), 'auth.wrong_issuer')
  })
})

describe('authentication before validation', () => {
  it('answers an unauthenticated request with an invalid body with 401, not a validation error', async () => {
    const server = await startTestServer()
    try {
      const res = await server.http('PATCH', '/api/accounts/me', { body: { avatarUrl: 'not a url', extra: 1 } })
      expect(res.status).toBe(401)
      expect(res.body).toMatchObject({ code: 'auth.missing_token' })
    } finally {
      await server.close()
    }
  })
})
