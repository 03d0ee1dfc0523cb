import { afterEach, describe, expect, it, vi } from 'vitest'
import { getSession, setSession } from '../lib/session.ts'
import { signOut } from './AppShell.tsx'
import { testTokens, testUser } from '../test/fixtures.ts'

const user = testUser({ locale: 'ko' })
const tokens = testTokens('sign-out')

afterEach(() => {
  vi.unstubAllGlobals()
  setSession(null)
})

describe('signOut', () => {
  it('tells the server and forgets the session here', async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? 'GET'} ${new URL(String(input)).pathname}`)
      return new Response(null, { status: 204 })
    })
    setSession({ user, tokens })
    await signOut()
    expect(calls).toEqual(['POST /api/accounts/signout'])
    expect(getSession()).toBeNull()
  })

  it('signs out here without an unhandled rejection when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    setSession({ user, tokens })
    await expect(signOut()).resolves.toBeUndefined()
    expect(getSession()).toBeNull()
  })

  it('signs out here when the server says the session had already ended', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ code: 'auth.session_revoked', title: 'Signed out', status: 401 }), {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        }),
    )
    setSession({ user, tokens })
    await expect(signOut()).resolves.toBeUndefined()
    expect(getSession()).toBeNull()
  })
})
