import type { FieldError, Problem, Tokens } from '@madang/contracts'
import { getSession, isAccessTokenFresh, refreshTokens, setSession } from './session.ts'

/**
 * Typed calls to the REST API. Bodies and answers use the types of `@madang/contracts`; every
 * failure becomes an ApiError carrying the problem's stable `code`, which the UI localizes.
 * Requests send the UI language, refresh an expired access token once and retry.
 */

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly problem: Problem | null
  readonly retryAfterSeconds: number | null

  constructor(status: number, code: string, problem: Problem | null, retryAfterSeconds: number | null = null) {
    super(problem?.detail ?? code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.problem = problem
    this.retryAfterSeconds = retryAfterSeconds
  }

  /** Field errors keyed by the last segment of their pointer (`/body/password` → `password`). */
  get fieldErrors(): Record<string, FieldError> {
    const byField: Record<string, FieldError> = {}
    for (const error of this.problem?.errors ?? []) {
      const field = error.pointer.split('/').filter(Boolean).slice(1).join('.')
      byField[field] ??= error
    }
    return byField
  }
}

/** Thrown when the network is down or the server cannot be reached; code `network.offline`. */
export class NetworkError extends ApiError {
  constructor() {
    super(0, 'network.offline', null)
    this.name = 'NetworkError'
  }
}

/** Longest wait for an answer; uploads of a 5 MB screenshot on a slow link fit in it. */
export const REQUEST_TIMEOUT_MS = 60_000

let language = 'en'

/** The language sent as Accept-Language, so server-side messages match the UI. */
export function setApiLanguage(next: string): void {
  language = next
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  query?: Record<string, string | number | boolean | undefined | null>
  /** Sends without the access token (sign-in, sign-up, refresh). */
  anonymous?: boolean
  signal?: AbortSignal
  /** `blob` reads the answer as a file (a screenshot an <img> cannot fetch with the token itself). */
  responseType?: 'json' | 'blob'
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.anonymous ? null : await currentAccessToken()
  let response = await send(path, options, token)
  if (response.status === 401 && !options.anonymous) {
    const code = await peekCode(response)
    if (code === 'auth.token_expired') {
      const tokens = await refreshTokens(exchangeRefreshToken, token)
      if (tokens !== null) response = await send(path, options, tokens.accessToken)
    } else if (code === 'auth.session_revoked' || code === 'auth.missing_token') {
      setSession(null)
    }
  }
  return parse<T>(response, options.responseType ?? 'json')
}

/**
 * A valid access token, refreshed when needed; null when signed out. Pass the token the server
 * refused as `rejected` to get another one even when this device thinks it is fresh (clocks differ).
 */
export async function currentAccessToken(rejected?: string): Promise<string | null> {
  const session = getSession()
  if (session === null) return null
  const { accessToken } = session.tokens
  if (accessToken !== rejected && isAccessTokenFresh(session.tokens)) return accessToken
  const tokens = await refreshTokens(exchangeRefreshToken, accessToken)
  return tokens?.accessToken ?? null
}

async function exchangeRefreshToken(refreshToken: string): Promise<Tokens | null> {
  const response = await send('/api/accounts/refresh', { method: 'POST', body: { refreshToken } }, null)
  if (response.ok) return (await response.json()) as Tokens
  // Only a definite "no" ends the session; a network error or 5xx leaves it for a later try.
  if (response.status === 401) return null
  throw await toError(response)
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const url = new URL(path, globalThis.location?.origin ?? 'http://localhost')
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value))
  }
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language }
  if (token !== null) headers.authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (options.body instanceof FormData) body = options.body
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  // Changes run one at a time (see lib/offline.ts), so a request that hangs must not hold the
  // queue forever: after the timeout it fails like a network error.
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  try {
    return await fetch(url, { method: options.method ?? 'GET', headers, body, signal })
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw new NetworkError()
  }
}

async function peekCode(response: Response): Promise<string | null> {
  try {
    const problem = (await response.clone().json()) as Partial<Problem>
    return typeof problem.code === 'string' ? problem.code : null
  } catch {
    return null
  }
}

async function parse<T>(response: Response, responseType: 'json' | 'blob'): Promise<T> {
  if (!response.ok) throw await toError(response)
  if (response.status === 204) return undefined as T
  if (responseType === 'blob') return (await response.blob()) as T
  const type = response.headers.get('content-type') ?? ''
  return (type.includes('json') ? await response.json() : await response.text()) as T
}

async function toError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'))
  const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
  try {
    const problem = (await response.json()) as Problem
    if (typeof problem.code === 'string') return new ApiError(response.status, problem.code, problem, seconds)
  } catch {
    // not a problem document: fall through to a generic code by status
  }
  const code = response.status >= 500 ? 'http.internal' : 'http.bad_request'
  return new ApiError(response.status, code, null, seconds)
}
