import type { AuthResult, DeviceList, Problem } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function signUp() {
  const input = newUserInput()
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { input, ...res.body }
}

function signIn(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return server.http<AuthResult>('POST', '/api/accounts/signin', { body, headers })
}

describe('POST /api/accounts/signin', () => {
  it('signs in by username in any case and opens a new device session recording its name and platform', async () => {
    const account = await signUp()
    const res = await signIn(
      {
        login: account.input.username.toUpperCase(),
        password: account.input.password,
        deviceName: 'Minji iPhone',
        platform: 'ios',
      },
      { 'user-agent': 'MadangApp/1.0 (iOS 18)' },
    )
    expect(res.status).toBe(200)
    expect(res.body.user).toEqual(account.user)
    expect(res.body.tokens.sessionId).not.toBe(account.tokens.sessionId)
    const devices = await server.http<DeviceList>('GET', '/api/accounts/devices', {
      token: res.body.tokens.accessToken,
    })
    expect(devices.body.items).toHaveLength(2)
    expect(devices.body.items.find((d) => d.isCurrent)).toMatchObject({
      id: res.body.tokens.sessionId,
      deviceName: 'Minji iPhone',
      platform: 'ios',
      userAgent: 'MadangApp/1.0 (iOS 18)',
      ipAddress: '127.0.0.1',
    })
  })

  it('signs in by email in any case, ignoring surrounding spaces', async () => {
    const account = await signUp()
    const mixedCase = account.input.email.replace(/^./, (c) => c.toUpperCase()).replace('example', 'EXAMPLE')
    const res = await signIn({ login: `  ${mixedCase} `, password: account.input.password, platform: 'web' })
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(account.user.id)
    const me = await server.http('GET', '/api/accounts/me', { token: res.body.tokens.accessToken })
    expect(me.status).toBe(200)
  })

  it('opens a separate session on every sign-in', async () => {
    const account = await signUp()
    const first = await signIn({ login: account.input.username, password: account.input.password })
    const second = await signIn({ login: account.input.username, password: account.input.password })
    const sessionIds = new Set([account.tokens.sessionId, first.body.tokens.sessionId, second.body.tokens.sessionId])
    expect(sessionIds.size).toBe(3)
    const devices = await server.http<DeviceList>('GET', '/api/accounts/devices', {
      token: second.body.tokens.accessToken,
    })
    expect(new Set(devices.body.items.map((d) => d.id))).toEqual(sessionIds)
  })

  it('answers a wrong password and an unknown login with the same 401 accounts.invalid_credentials body', async () => {
    const account = await signUp()
    const wrongPassword = await server.http<Problem>('POST', '/api/accounts/signin', {
      body: { login: account.input.username, password: 'not-the-password-42' },
    })
    const unknownLogin = await server.http<Problem>('POST', '/api/accounts/signin', {
      body: { login: `nobody_${account.input.username}`, password: 'not-the-password-42' },
    })
    expect(wrongPassword.status).toBe(401)
    expect(unknownLogin.status).toBe(401)
    expect(wrongPassword.body.code).toBe('accounts.invalid_credentials')
    expect(wrongPassword.body.requestId).not.toBe(unknownLogin.body.requestId)
    expect({ ...wrongPassword.body, requestId: null }).toEqual({ ...unknownLogin.body, requestId: null })
  })

  it('does not open a session on a failed sign-in', async () => {
    const account = await signUp()
    const res = await signIn({ login: account.input.email, password: 'not-the-password-42' })
    expect(res.status).toBe(401)
    const devices = await server.http<DeviceList>('GET', '/api/accounts/devices', {
      token: account.tokens.accessToken,
    })
    expect(devices.body.items.map((d) => d.id)).toEqual([account.tokens.sessionId])
  })
})
