import type { AuthResult, Tokens, User } from '@madang/contracts'

/**
 * The signed-in device session, kept in localStorage so tabs of one browser share it. Refresh
 * tokens rotate and a reused one revokes the session, so tabs refresh one at a time under a Web
 * Lock and a tab that waited adopts the pair another tab just stored instead of spending its own.
 */

export interface Session {
  user: User
  tokens: Tokens
}

const STORAGE_KEY = 'madang.session'
type Listener = (session: Session | null) => void

const listeners = new Set<Listener>()
let current: Session | null = read()

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}

function emit(): void {
  for (const listener of listeners) listener(current)
}

globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key !== STORAGE_KEY) return
  current = read()
  emit()
})

export function getSession(): Session | null {
  return current
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function setSession(session: Session | null): void {
  current = session
  if (session === null) globalThis.localStorage?.removeItem(STORAGE_KEY)
  else globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(session))
  emit()
}

export function startSession(result: AuthResult): void {
  setSession({ user: result.user, tokens: result.tokens })
}

export function updateUser(user: User): void {
  if (current !== null) setSession({ ...current, user })
}

/** Seconds of slack: an access token this close to expiry is refreshed before use. */
const EXPIRY_SLACK_MS = 30_000

export function isAccessTokenFresh(tokens: Tokens, now = Date.now()): boolean {
  return Date.parse(tokens.accessTokenExpiresAt) - EXPIRY_SLACK_MS > now
}

let inFlight: Promise<Tokens | null> | null = null

/**
 * Exchanges the refresh token for a new pair, once at a time across tabs. `staleAccessToken` is
 * the access token the caller found expired or saw rejected: when the stored pair already has
 * another, fresh one (this tab or another refreshed meanwhile), that pair is used and the refresh
 * token is not spent again. Resolves null when the session is gone (signed out, revoked,
 * expired); the caller then shows the sign-in page.
 */
export function refreshTokens(
  exchange: (refreshToken: string) => Promise<Tokens | null>,
  staleAccessToken: string | null = current?.tokens.accessToken ?? null,
): Promise<Tokens | null> {
  inFlight ??= withLock(async () => {
    // Another tab may have stored a new pair (or signed out) while this one waited for the lock.
    current = read() ?? current
    const session = current
    if (session === null) return null
    if (session.tokens.accessToken !== staleAccessToken && isAccessTokenFresh(session.tokens)) return session.tokens
    const tokens = await exchange(session.tokens.refreshToken)
    if (tokens === null) setSession(null)
    else setSession({ ...session, tokens })
    return tokens
  }).finally(() => {
    inFlight = null
  })
  return inFlight
}

async function withLock<T>(run: () => Promise<T>): Promise<T> {
  // Missing on insecure origins (and null in some test DOMs): one tab's own queue must do.
  const locks = globalThis.navigator?.locks ?? null
  if (locks === null) return run()
  return locks.request('madang.refresh', run)
}
