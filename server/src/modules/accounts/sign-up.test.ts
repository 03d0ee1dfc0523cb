import type { AuthResult } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

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
})
