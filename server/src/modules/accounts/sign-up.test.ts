import type { AuthResult, DeviceList, Problem } from '@madang/contracts'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { users } from './tables.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function signUp(overrides: Record<string, unknown> = {}) {
  const input = newUserInput(overrides)
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { input, ...res.body }
}

async function countUsersWithEmail(email: string): Promise<number> {
  const rows = await server.ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
  return rows.length
}

describe('POST /api/accounts/signup', () => {
  it('creates the account, signs it in and returns the profile with a token pair', async () => {
    const input = newUserInput({ displayName: '김민지', locale: 'en', timeZone: 'Europe/Berlin' })
    const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      user: {
        email: input.email,
        username: input.username,
        displayName: '김민지',
        locale: 'en',
        timeZone: 'Europe/Berlin',
        roles: [],
      },
      tokens: { tokenType: 'Bearer' },
    })
    const me = await server.http('GET', '/api/accounts/me', { token: res.body.tokens.accessToken })
    expect(me.status).toBe(200)
  })

  it('defaults the display name to the username, the locale to ko and the time zone to Asia/Seoul', async () => {
    const { input, user } = await signUp()
    expect(user).toMatchObject({ displayName: input.username, locale: 'ko', timeZone: 'Asia/Seoul', avatarUrl: null })
  })

  it('opens a device session with the given device name and platform, named by the returned token pair', async () => {
    const { tokens } = await signUp({ deviceName: 'Minji laptop', platform: 'desktop' })
    expect(tokens.refreshToken.startsWith(`${tokens.sessionId}.`)).toBe(true)
    expect(Date.parse(tokens.accessTokenExpiresAt)).toBeLessThan(Date.parse(tokens.refreshTokenExpiresAt))
    const devices = await server.http<DeviceList>('GET', '/api/accounts/devices', { token: tokens.accessToken })
    expect(devices.body.items).toEqual([
      expect.objectContaining({
        id: tokens.sessionId,
        deviceName: 'Minji laptop',
        platform: 'desktop',
        isCurrent: true,
      }),
    ])
  })

  it('refuses an email that differs from a taken one only in case with 409 accounts.email_taken', async () => {
    const { input } = await signUp()
    const res = await server.http<Problem>('POST', '/api/accounts/signup', {
      body: newUserInput({ email: input.email.toUpperCase() }),
    })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('accounts.email_taken')
    expect(await countUsersWithEmail(input.email)).toBe(1)
  })

  it('refuses a username that differs from a taken one only in case with 409 accounts.username_taken', async () => {
    const { input } = await signUp()
    const res = await server.http<Problem>('POST', '/api/accounts/signup', {
      body: newUserInput({ username: input.username.toUpperCase() }),
    })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('accounts.username_taken')
  })

  it.each([
    ['too short', () => 'short-1', 'accounts.password.too_short'],
    ['equal to the username', (username: string) => username.toUpperCase(), 'accounts.password.matches_identity'],
    ['too common', () => 'Password123', 'accounts.password.too_common'],
  ])('refuses a password that is %s with 400 accounts.weak_password naming the reason', async (_, password, code) => {
    const input = newUserInput()
    const res = await server.http<Problem>('POST', '/api/accounts/signup', {
      body: { ...input, password: password(input.username) },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('accounts.weak_password')
    expect(res.body.errors).toEqual([{ pointer: '/body/password', code, message: expect.any(String) }])
    expect(await countUsersWithEmail(input.email)).toBe(0)
  })

  it('explains a too short password in the request language with the minimum length', async () => {
    const res = await server.http<Problem>('POST', '/api/accounts/signup', {
      body: newUserInput({ password: 'short-1' }),
      headers: { 'accept-language': 'ko-KR,ko;q=0.9' },
    })
    expect(res.body.title).toBe('약한 비밀번호')
    expect(res.body.errors?.[0]?.message).toBe('10자 이상이어야 합니다.')
  })

  it('lets exactly one of 20 concurrent sign-ups with the same email through and answers the rest 409', async () => {
    const email = newUserInput().email
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.http<AuthResult | Problem>('POST', '/api/accounts/signup', { body: newUserInput({ email }) }),
      ),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    for (const res of responses) {
      if (res.status === 409) expect(res.body).toMatchObject({ code: 'accounts.email_taken' })
    }
    expect(await countUsersWithEmail(email)).toBe(1)
  })
})
