import { randomUUID } from 'node:crypto'
import type { AuthResult, Problem, User } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { listSecurityEvents } from './repository.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function signUp(overrides: Record<string, unknown> = {}) {
  const input = newUserInput(overrides)
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { input, user: res.body.user, token: res.body.tokens.accessToken, tokens: res.body.tokens }
}

function signIn(login: string, password: string) {
  return server.http<AuthResult>('POST', '/api/accounts/signin', { body: { login, password } })
}

function getMe(token: string) {
  return server.http<User>('GET', '/api/accounts/me', { token })
}

function patchMe<T = User>(token: string, body: unknown) {
  return server.http<T>('PATCH', '/api/accounts/me', { token, body })
}

function changePassword<T = Problem>(token: string, body: { currentPassword: string; newPassword: string }) {
  return server.http<T>('POST', '/api/accounts/me/password', { token, body })
}

const NEW_PASSWORD = 'quince-harbor-meadow-77'

describe('GET /api/accounts/me', () => {
  it("returns the caller's profile", async () => {
    const { user, token } = await signUp({ displayName: 'Minji' })
    const res = await getMe(token)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(user)
  })
})

describe('PATCH /api/accounts/me', () => {
  it('changes the display name (trimmed) and the time zone, and keeps the change', async () => {
    const { user, token } = await signUp()
    const res = await patchMe(token, { displayName: '  김민지  ', timeZone: 'Europe/Berlin' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: user.id, displayName: '김민지', timeZone: 'Europe/Berlin' })
    expect((await getMe(token)).body).toMatchObject({ displayName: '김민지', timeZone: 'Europe/Berlin' })
  })

  it("speaks the user's new locale in later error messages, whatever Accept-Language says", async () => {
    const { token } = await signUp({ locale: 'en' })
    const missingDevice = () =>
      server.http<Problem>('DELETE', `/api/accounts/devices/${randomUUID()}`, {
        token,
        headers: { 'accept-language': 'en' },
      })
    expect((await missingDevice()).body).toMatchObject({
      code: 'accounts.device_not_found',
      title: 'Device not found',
    })
    const res = await patchMe(token, { locale: 'ko' })
    expect(res.body.locale).toBe('ko')
    expect((await missingDevice()).body).toMatchObject({
      code: 'accounts.device_not_found',
      title: '기기를 찾을 수 없음',
    })
  })

  it('sets an http(s) avatar URL and clears it with null', async () => {
    const { token } = await signUp()
    const https = await patchMe(token, { avatarUrl: 'https://cdn.example.com/avatars/minji.png' })
    expect(https.status).toBe(200)
    expect(https.body.avatarUrl).toBe('https://cdn.example.com/avatars/minji.png')
    expect((await patchMe(token, { avatarUrl: 'http://example.com/a.png' })).body.avatarUrl).toBe(
      'http://example.com/a.png',
    )
    const cleared = await patchMe(token, { avatarUrl: null })
    expect(cleared.status).toBe(200)
    expect(cleared.body.avatarUrl).toBeNull()
  })

  it.each(['javascript:alert(1)', 'ftp://example.com/a.png', 'data:image/png;base64,AAAA', 'not a url'])(
    'refuses the avatar URL %j with 400 http.validation_failed and keeps the old one',
    async (avatarUrl) => {
      const { token } = await signUp()
      await patchMe(token, { avatarUrl: 'https://cdn.example.com/a.png' })
      const res = await patchMe<Problem>(token, { avatarUrl })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('http.validation_failed')
      expect(new Set(res.body.errors?.map((e) => e.pointer))).toEqual(new Set(['/body/avatarUrl']))
      expect((await getMe(token)).body.avatarUrl).toBe('https://cdn.example.com/a.png')
    },
  )

  it('changes the email to a free one, which then signs in', async () => {
    const { input, token } = await signUp()
    const email = `new.${input.email}`
    const res = await patchMe(token, { email })
    expect(res.status).toBe(200)
    expect(res.body.email).toBe(email)
    expect((await signIn(email, input.password)).status).toBe(200)
    expect((await signIn(input.email, input.password)).status).toBe(401)
  })

  it("refuses another user's email, in any case, with 409 accounts.email_taken", async () => {
    const other = await signUp()
    const { input, token } = await signUp()
    const res = await patchMe<Problem>(token, { email: other.input.email.toUpperCase() })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('accounts.email_taken')
    expect((await getMe(token)).body.email).toBe(input.email)
  })

  it("refuses another user's username, in any case, with 409 accounts.username_taken", async () => {
    const other = await signUp()
    const { token } = await signUp()
    const res = await patchMe<Problem>(token, { username: other.input.username.toUpperCase() })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('accounts.username_taken')
  })

  it('refuses an empty body with 400 http.validation_failed', async () => {
    const { token } = await signUp()
    const res = await patchMe<Problem>(token, {})
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('http.validation_failed')
  })
})

describe('POST /api/accounts/me/password', () => {
  it('refuses a wrong current password with 400 accounts.wrong_password and keeps the old password', async () => {
    const { input, token } = await signUp()
    const res = await changePassword(token, { currentPassword: 'not-my-password-42', newPassword: NEW_PASSWORD })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('accounts.wrong_password')
    expect(res.body.errors).toEqual([
      { pointer: '/body/currentPassword', code: 'accounts.password.wrong', message: expect.any(String) },
    ])
    expect((await signIn(input.username, input.password)).status).toBe(200)
    expect((await signIn(input.username, NEW_PASSWORD)).status).toBe(401)
  })

  it('refuses a weak new password with 400 accounts.weak_password pointing at newPassword', async () => {
    const { input, token } = await signUp()
    const res = await changePassword(token, { currentPassword: input.password, newPassword: 'qwertyuiop' })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('accounts.weak_password')
    expect(res.body.errors).toEqual([
      { pointer: '/body/newPassword', code: 'accounts.password.too_common', message: expect.any(String) },
    ])
  })

  it('changes the password, signs out the other devices but not this one, and logs password_changed', async () => {
    const { input, user, tokens } = await signUp()
    const other = await signIn(input.email, input.password)
    expect(other.status).toBe(200)

    const res = await changePassword<''>(tokens.accessToken, {
      currentPassword: input.password,
      newPassword: NEW_PASSWORD,
    })
    expect(res.status).toBe(204)

    const otherMe = await server.http<Problem>('GET', '/api/accounts/me', { token: other.body.tokens.accessToken })
    expect(otherMe.status).toBe(401)
    expect(otherMe.body.code).toBe('auth.session_revoked')
    const otherRefresh = await server.http<Problem>('POST', '/api/accounts/refresh', {
      body: { refreshToken: other.body.tokens.refreshToken },
    })
    expect(otherRefresh.body.code).toBe('accounts.invalid_refresh_token')

    expect((await getMe(tokens.accessToken)).status).toBe(200)
    const ownRefresh = await server.http('POST', '/api/accounts/refresh', {
      body: { refreshToken: tokens.refreshToken },
    })
    expect(ownRefresh.status).toBe(200)

    const oldPassword = await server.http<Problem>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password },
    })
    expect(oldPassword.status).toBe(401)
    expect(oldPassword.body.code).toBe('accounts.invalid_credentials')
    expect((await signIn(input.username, NEW_PASSWORD)).status).toBe(200)

    const events = await listSecurityEvents(server.ctx.db, user.id)
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'password_changed',
        sessionId: tokens.sessionId,
        details: { revokedSessions: 1 },
      }),
    ])
  })
})

describe('time zones', () => {
  it.each(['Not/AZone', 'Seoul', 'UTC+9'])(
    'refuses the unknown time zone %j with 400 pointing at timeZone',
    async (timeZone) => {
      const server = await startTestServer()
      try {
        const signUp = await server.http('POST', '/api/accounts/signup', { body: newUserInput({ timeZone }) })
        expect(signUp.status).toBe(400)
        expect(signUp.body).toMatchObject({
          code: 'http.validation_failed',
          errors: [{ pointer: '/body/timeZone', code: 'validation.time_zone' }],
        })
        const ok = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })
        const patch = await server.http('PATCH', '/api/accounts/me', {
          token: ok.body.tokens.accessToken,
          body: { timeZone },
        })
        expect(patch.status).toBe(400)
        const valid = await server.http('PATCH', '/api/accounts/me', {
          token: ok.body.tokens.accessToken,
          body: { timeZone: 'America/New_York' },
        })
        expect(valid.body).toMatchObject({ timeZone: 'America/New_York' })
      } finally {
        await server.close()
      }
    },
  )
})

describe('validation of choices', () => {
  it('reports a value outside a list of choices once, not once per choice', async () => {
    const server = await startTestServer()
    try {
      const me = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })
      const res = await server.http<Problem>('PATCH', '/api/accounts/me', {
        token: me.body.tokens.accessToken,
        body: { locale: 'fr' },
      })
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual([
        { pointer: '/body/locale', code: 'validation.enum', message: expect.any(String) },
      ])
    } finally {
      await server.close()
    }
  })
})
