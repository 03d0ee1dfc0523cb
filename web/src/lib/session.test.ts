import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getSession, isAccessTokenFresh, refreshTokens, setSession, subscribeSession, type Session } from './session.ts'
import { testTokens, testUser } from '../test/fixtures.ts'

const STORAGE_KEY = 'madang.session'

const user = testUser({ locale: 'ko' })

const tokens = testTokens

/** What another tab of this browser does: write the shared storage, then the browser tells this tab. */
function otherTabStores(session: Session | null, { notify = true } = {}): void {
  if (session === null) localStorage.removeItem(STORAGE_KEY)
  else localStorage.setItem(STORAGE_KEY, JSON.stringify(session))
  if (notify) window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY }))
}

beforeEach(() => {
  setSession(null)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('session', () => {
  it('follows a sign-in and a sign-out made in another tab', () => {
    const seen: Array<string | null> = []
    const stop = subscribeSession((session) => seen.push(session?.tokens.accessToken ?? null))
    otherTabStores({ user, tokens: tokens('a', 600_000) })
    expect(getSession()?.tokens.accessToken).toBe('access-a')
    otherTabStores(null)
    expect(getSession()).toBeNull()
    stop()
    expect(seen).toEqual(['access-a', null])
  })

  it('counts a token as fresh only until 30 seconds before it expires', () => {
    const now = Date.parse('2026-11-23T10:00:00Z')
    const expiringAt = (iso: string) => ({ ...tokens('a', 0), accessTokenExpiresAt: iso })
    expect(isAccessTokenFresh(expiringAt('2026-11-23T10:00:31Z'), now)).toBe(true)
    expect(isAccessTokenFresh(expiringAt('2026-11-23T10:00:30Z'), now)).toBe(false)
  })
})

describe('refreshTokens', () => {
  it('adopts the pair another tab just stored instead of spending the refresh token again', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    otherTabStores({ user, tokens: tokens('new', 900_000) })
    const exchange = vi.fn(async () => tokens('mine', 900_000))
    const result = await refreshTokens(exchange, 'access-old')
    expect(exchange).not.toHaveBeenCalled()
    expect(result?.accessToken).toBe('access-new')
    expect(getSession()?.tokens.accessToken).toBe('access-new')
  })

  it('adopts a pair another tab stored while this one waited for the lock, before the storage event', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    // Another tab holds the refresh lock; when it lets go its new pair is in storage already.
    const locks = {
      request: async <T>(_name: string, run: () => Promise<T>): Promise<T> => {
        otherTabStores({ user, tokens: tokens('new', 900_000) }, { notify: false })
        return run()
      },
    }
    vi.stubGlobal('navigator', { locks })
    const exchange = vi.fn(async () => tokens('mine', 900_000))
    const result = await refreshTokens(exchange, 'access-old')
    expect(exchange).not.toHaveBeenCalled()
    expect(result?.accessToken).toBe('access-new')
  })

  it('exchanges the stored refresh token when nobody refreshed yet, once for concurrent callers', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    const exchange = vi.fn(async (refreshToken: string) => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      return refreshToken === 'refresh-old' ? tokens('new', 900_000) : null
    })
    const results = await Promise.all([
      refreshTokens(exchange, 'access-old'),
      refreshTokens(exchange, 'access-old'),
      refreshTokens(exchange, 'access-old'),
    ])
    expect(exchange).toHaveBeenCalledTimes(1)
    expect(results.map((result) => result?.accessToken)).toEqual(['access-new', 'access-new', 'access-new'])
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')).toMatchObject({
      tokens: { accessToken: 'access-new', refreshToken: 'refresh-new' },
    })
  })

  it('refreshes a token that looks fresh here when the server rejected it', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    const exchange = vi.fn(async () => tokens('new', 900_000))
    const result = await refreshTokens(exchange, 'access-old')
    expect(exchange).toHaveBeenCalledWith('refresh-old')
    expect(result?.accessToken).toBe('access-new')
  })

  it('signs out when the refresh token is refused', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    const seen: Array<Session | null> = []
    const stop = subscribeSession((session) => seen.push(session))
    const result = await refreshTokens(async () => null, 'access-old')
    stop()
    expect(result).toBeNull()
    expect(getSession()).toBeNull()
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull()
    expect(seen).toEqual([null])
  })
})
