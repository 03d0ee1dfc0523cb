import { randomBytes, randomUUID } from 'node:crypto'
import type { AuthResult, Problem, Tokens } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { listSecurityEvents } from './repository.ts'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

const clock = createManualClock()
const shortClock = createManualClock()
let server: TestServer
/** Same database, refresh tokens living two minutes. */
let shortTtlServer: TestServer
beforeAll(async () => {
  server = await startTestServer({ clock, env: { ACCESS_TOKEN_TTL_SECONDS: '900' } })
  shortTtlServer = await startTestServer({
    clock: shortClock,
    database: server.database,
    env: { REFRESH_TOKEN_TTL_SECONDS: '120' },
  })
})
afterAll(async () => {
  await shortTtlServer?.close()
  await server?.close()
})

async function signUp(on: TestServer = server) {
  const input = newUserInput()
  const res = await on.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { input, ...res.body }
}

/** Presents a refresh token; typed as a problem since most tests expect a refusal. */
function refresh<T = Problem>(refreshToken: string, on: TestServer = server) {
  return on.http<T>('POST', '/api/accounts/refresh', { body: { refreshToken } })
}

async function refreshOk(refreshToken: string): Promise<Tokens> {
  const res = await refresh<Tokens>(refreshToken)
  expect(res.status).toBe(200)
  return res.body
}

function getMe(accessToken: string) {
  return server.http<Problem>('GET', '/api/accounts/me', { token: accessToken })
}

describe('POST /api/accounts/refresh', () => {
  it('rotates the refresh token into a new pair for the same session', async () => {
    const { tokens } = await signUp()
    clock.advance(MINUTE)
    const next = await refreshOk(tokens.refreshToken)
    expect(next.sessionId).toBe(tokens.sessionId)
    expect(next.refreshToken).not.toBe(tokens.refreshToken)
    expect(Date.parse(next.accessTokenExpiresAt) - Date.parse(tokens.accessTokenExpiresAt)).toBe(MINUTE)
    expect(Date.parse(next.refreshTokenExpiresAt) - Date.parse(tokens.refreshTokenExpiresAt)).toBe(MINUTE)
    expect((await getMe(next.accessToken)).status).toBe(200)
    const after = await refreshOk(next.refreshToken)
    expect(after.sessionId).toBe(tokens.sessionId)
  })

  it('keeps the old access token working until it expires', async () => {
    const { tokens } = await signUp()
    clock.advance(5 * MINUTE)
    const next = await refreshOk(tokens.refreshToken)
    expect((await getMe(tokens.accessToken)).status).toBe(200)
    clock.advance(10 * MINUTE + 1000)
    const old = await getMe(tokens.accessToken)
    expect(old.status).toBe(401)
    expect(old.body.code).toBe('auth.token_expired')
    expect((await getMe(next.accessToken)).status).toBe(200)
  })

  it('answers a spent refresh token with accounts.refresh_token_reused and ends that whole session only', async () => {
    const account = await signUp()
    const otherDevice = await server.http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: account.input.username, password: account.input.password },
    })
    const spent = account.tokens.refreshToken
    const middle = await refreshOk(spent)
    const newest = await refreshOk(middle.refreshToken)

    const reuse = await refresh(spent)
    expect(reuse.status).toBe(401)
    expect(reuse.body.code).toBe('accounts.refresh_token_reused')

    const afterReuse = await refresh(newest.refreshToken)
    expect(afterReuse.status).toBe(401)
    expect(afterReuse.body.code).toBe('accounts.invalid_refresh_token')
    const revokedAccess = await getMe(newest.accessToken)
    expect(revokedAccess.status).toBe(401)
    expect(revokedAccess.body.code).toBe('auth.session_revoked')

    const events = await listSecurityEvents(server.ctx.db, account.user.id)
    expect(events).toEqual([
      expect.objectContaining({ kind: 'refresh_token_reused', sessionId: account.tokens.sessionId }),
    ])

    expect((await getMe(otherDevice.body.tokens.accessToken)).status).toBe(200)
    expect((await refresh(otherDevice.body.tokens.refreshToken)).status).toBe(200)
  })

  it('gives exactly one of two concurrent refreshes with the same token a new pair', async () => {
    const { tokens } = await signUp()
    const responses = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 401])
    expect(responses.find((r) => r.status === 401)?.body.code).toBe('accounts.refresh_token_reused')
  })

  it.each([
    ['garbage', () => 'not-a-refresh-token'],
    ['shaped like ours but unknown', () => `${randomUUID()}.${randomBytes(32).toString('base64url')}`],
  ])('answers a token that is %s with 401 accounts.invalid_refresh_token', async (_, token) => {
    const res = await refresh(token())
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('accounts.invalid_refresh_token')
  })

  it('refuses a forged token naming a real session without harming that session', async () => {
    const { tokens } = await signUp()
    const forged = `${tokens.sessionId}.${randomBytes(32).toString('base64url')}`
    const res = await refresh(forged)
    expect(res.body.code).toBe('accounts.invalid_refresh_token')
    expect((await getMe(tokens.accessToken)).status).toBe(200)
    expect((await refresh(tokens.refreshToken)).status).toBe(200)
  })

  it('refuses a refresh token older than the default 30 days', async () => {
    const early = await signUp()
    const late = await signUp()
    clock.advance(30 * DAY - MINUTE)
    const renewed = await refreshOk(early.tokens.refreshToken)
    clock.advance(MINUTE + 1000)
    const res = await refresh(late.tokens.refreshToken)
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('accounts.invalid_refresh_token')
    expect((await refresh(renewed.refreshToken)).status).toBe(200)
  })

  it('lets REFRESH_TOKEN_TTL_SECONDS shorten the refresh token lifetime', async () => {
    const early = await signUp(shortTtlServer)
    const late = await signUp(shortTtlServer)
    expect(Date.parse(late.tokens.refreshTokenExpiresAt) - shortClock.now().getTime()).toBe(120_000)
    shortClock.advance(119_000)
    expect((await refresh(early.tokens.refreshToken, shortTtlServer)).status).toBe(200)
    shortClock.advance(2000)
    const res = await refresh(late.tokens.refreshToken, shortTtlServer)
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('accounts.invalid_refresh_token')
  })
})
