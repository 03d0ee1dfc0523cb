import { randomUUID } from 'node:crypto'
import type { AuthResult, DeviceList, Problem, Tokens } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

/** A user signed in on three devices: the sign-up laptop, a phone and a tablet. */
async function userWithThreeDevices() {
  const input = newUserInput({ deviceName: 'Laptop', platform: 'web' })
  const signUp = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(signUp.status).toBe(201)
  const signIn = async (deviceName: string, platform: string) => {
    const res = await server.http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password, deviceName, platform },
    })
    expect(res.status).toBe(200)
    return res.body.tokens
  }
  return {
    user: signUp.body.user,
    laptop: signUp.body.tokens,
    phone: await signIn('Phone', 'android'),
    tablet: await signIn('Tablet', 'ios'),
  }
}

function listDevices(tokens: Tokens) {
  return server.http<DeviceList>('GET', '/api/accounts/devices', { token: tokens.accessToken })
}

function revokeDevice(tokens: Tokens, id: string) {
  return server.http<Problem | ''>('DELETE', `/api/accounts/devices/${id}`, { token: tokens.accessToken })
}

function getMe(tokens: Tokens) {
  return server.http<Problem>('GET', '/api/accounts/me', { token: tokens.accessToken })
}

function refresh(tokens: Tokens) {
  return server.http<Problem>('POST', '/api/accounts/refresh', { body: { refreshToken: tokens.refreshToken } })
}

describe('GET /api/accounts/devices', () => {
  it("lists the caller's live sessions and marks only the calling one as current", async () => {
    const { laptop, phone, tablet } = await userWithThreeDevices()
    await userWithThreeDevices()
    const res = await listDevices(phone)
    expect(res.status).toBe(200)
    expect(res.body.items).toHaveLength(3)
    expect(new Set(res.body.items.map((d) => d.id))).toEqual(
      new Set([laptop.sessionId, phone.sessionId, tablet.sessionId]),
    )
    expect(res.body.items.filter((d) => d.isCurrent).map((d) => d.id)).toEqual([phone.sessionId])
    expect(res.body.items.find((d) => d.id === tablet.sessionId)).toMatchObject({
      deviceName: 'Tablet',
      platform: 'ios',
      isCurrent: false,
    })
  })

  it('requires an access token: 401 auth.missing_token', async () => {
    const res = await server.http<Problem>('GET', '/api/accounts/devices')
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('auth.missing_token')
  })
})

describe('DELETE /api/accounts/devices/:id', () => {
  it('signs another device out: its refresh token fails, its access token is refused and it leaves the list', async () => {
    const { laptop, phone, tablet } = await userWithThreeDevices()
    expect((await getMe(phone)).status).toBe(200)

    const res = await revokeDevice(laptop, phone.sessionId)
    expect(res.status).toBe(204)

    const phoneRefresh = await refresh(phone)
    expect(phoneRefresh.status).toBe(401)
    expect(phoneRefresh.body.code).toBe('accounts.invalid_refresh_token')
    const phoneMe = await getMe(phone)
    expect(phoneMe.status).toBe(401)
    expect(phoneMe.body.code).toBe('auth.session_revoked')
    const list = await listDevices(laptop)
    expect(list.body.items.map((d) => d.id).sort()).toEqual([laptop.sessionId, tablet.sessionId].sort())
    expect((await getMe(laptop)).status).toBe(200)
    expect((await getMe(tablet)).status).toBe(200)
  })

  it('answers 404 accounts.device_not_found for a device that is already signed out', async () => {
    const { laptop, phone } = await userWithThreeDevices()
    expect((await revokeDevice(laptop, phone.sessionId)).status).toBe(204)
    const again = await revokeDevice(laptop, phone.sessionId)
    expect(again.status).toBe(404)
    expect(again.body).toMatchObject({ code: 'accounts.device_not_found' })
  })

  it("answers 404 accounts.device_not_found for another user's device and leaves it signed in", async () => {
    const mine = await userWithThreeDevices()
    const theirs = await userWithThreeDevices()
    const res = await revokeDevice(mine.laptop, theirs.phone.sessionId)
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 'accounts.device_not_found' })
    expect((await getMe(theirs.phone)).status).toBe(200)
    expect((await listDevices(theirs.laptop)).body.items).toHaveLength(3)
  })

  it('answers 404 accounts.device_not_found for an id that names no session', async () => {
    const { laptop } = await userWithThreeDevices()
    const res = await revokeDevice(laptop, randomUUID())
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 'accounts.device_not_found' })
  })

  it('answers 400 http.validation_failed pointing at the id when it is not a UUID', async () => {
    const { laptop } = await userWithThreeDevices()
    const res = await server.http<Problem>('DELETE', '/api/accounts/devices/not-a-uuid', {
      token: laptop.accessToken,
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/params/id'])
  })
})

describe('POST /api/accounts/signout', () => {
  it('ends only the calling session', async () => {
    const { laptop, phone, tablet } = await userWithThreeDevices()
    const res = await server.http('POST', '/api/accounts/signout', { token: phone.accessToken })
    expect(res.status).toBe(204)

    const phoneMe = await getMe(phone)
    expect(phoneMe.status).toBe(401)
    expect(phoneMe.body.code).toBe('auth.session_revoked')
    expect((await refresh(phone)).body.code).toBe('accounts.invalid_refresh_token')

    expect((await getMe(laptop)).status).toBe(200)
    expect((await refresh(tablet)).status).toBe(200)
    const list = await listDevices(laptop)
    expect(list.body.items.map((d) => d.id).sort()).toEqual([laptop.sessionId, tablet.sessionId].sort())
  })

  it('refuses a signed-out access token with 401 auth.session_revoked', async () => {
    const { phone } = await userWithThreeDevices()
    expect((await server.http('POST', '/api/accounts/signout', { token: phone.accessToken })).status).toBe(204)
    const again = await server.http<Problem>('POST', '/api/accounts/signout', { token: phone.accessToken })
    expect(again.status).toBe(401)
    expect(again.body.code).toBe('auth.session_revoked')
  })
})
