import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, currentAccessToken, NetworkError, request, setApiLanguage } from './api.ts'
import { getSession, setSession } from './session.ts'
import { testTokens, testUser } from '../test/fixtures.ts'

const user = testUser()

const tokens = testTokens

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: code,
      status,
      detail: `detail of ${code}`,
      code,
      requestId: 'r',
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  )
}

interface Call {
  method: string
  path: string
  search: string
  headers: Record<string, string>
  body: unknown
}

let calls: Call[]

/** Replaces fetch with `handle`, recording every request the client makes. */
function serve(handle: (call: Call) => Response | Promise<Response>): void {
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    }
    calls.push(call)
    return handle(call)
  })
}

function refreshCalls(): Call[] {
  return calls.filter((call) => call.path === '/api/accounts/refresh')
}

beforeEach(() => {
  calls = []
  setSession(null)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('request', () => {
  it('refreshes an expired access token exactly once for concurrent requests and sends them with the new one', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    serve(async (call) => {
      if (call.path === '/api/accounts/refresh') {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return json(200, tokens('new', 900_000))
      }
      if (call.headers.authorization !== 'Bearer access-new') return problem(401, 'auth.token_expired')
      return json(200, { path: call.path })
    })
    const answers = await Promise.all([
      request<{ path: string }>('/api/a'),
      request<{ path: string }>('/api/b'),
      request<{ path: string }>('/api/c'),
    ])
    expect(answers.map((answer) => answer.path)).toEqual(['/api/a', '/api/b', '/api/c'])
    expect(refreshCalls()).toHaveLength(1)
    expect(refreshCalls()[0]?.body).toEqual({ refreshToken: 'refresh-old' })
    expect(getSession()?.tokens.accessToken).toBe('access-new')
  })

  it('refreshes once when the server finds the token expired, and retries every rejected request with the new one', async () => {
    // The device's clock says the token is fresh, the server's says it is not.
    setSession({ user, tokens: tokens('old', 600_000) })
    let releaseSecond: () => void = () => {}
    const secondMayAnswer = new Promise<void>((resolve) => {
      releaseSecond = resolve
    })
    serve(async (call) => {
      if (call.path === '/api/accounts/refresh') return json(200, tokens('new', 900_000))
      if (call.headers.authorization === 'Bearer access-new') return json(200, { path: call.path })
      // The second request's 401 arrives only after the first one has refreshed and retried.
      if (call.path === '/api/second') await secondMayAnswer
      return problem(401, 'auth.token_expired')
    })
    const second = request<{ path: string }>('/api/second')
    const first = await request<{ path: string }>('/api/first')
    expect(first.path).toBe('/api/first')
    releaseSecond()
    expect((await second).path).toBe('/api/second')
    expect(refreshCalls()).toHaveLength(1)
  })

  it('ends the session when the refresh token is refused', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    serve((call) => {
      if (call.path === '/api/accounts/refresh') return problem(401, 'auth.invalid_refresh_token')
      return problem(401, 'auth.token_expired')
    })
    const error = await request('/api/planner/todos').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: 'auth.token_expired' })
    expect(refreshCalls()).toHaveLength(1)
    expect(getSession()).toBeNull()
  })

  it('ends the session when the server says it was revoked', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    serve(() => problem(401, 'auth.session_revoked'))
    await expect(request('/api/planner/todos')).rejects.toMatchObject({ code: 'auth.session_revoked' })
    expect(refreshCalls()).toHaveLength(0)
    expect(getSession()).toBeNull()
  })

  it('keeps the session when the refresh fails for a reason other than a refusal', async () => {
    setSession({ user, tokens: tokens('old', -1000) })
    serve(() => problem(503, 'http.unavailable'))
    await expect(request('/api/planner/todos')).rejects.toMatchObject({ status: 503, code: 'http.unavailable' })
    expect(getSession()?.tokens.refreshToken).toBe('refresh-old')
  })

  it('turns a problem document into an ApiError with its code, field errors and Retry-After', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    serve(
      () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Invalid',
            status: 429,
            detail: 'Slow down',
            code: 'planner.too_many',
            requestId: 'r1',
            errors: [{ pointer: '/body/content', code: 'validation.too_long', message: 'Too long' }],
          }),
          { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '7' } },
        ),
    )
    const error = await request('/api/planner/todos', { method: 'POST', body: { content: 'x' } }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.code).toBe('planner.too_many')
    expect(apiError.status).toBe(429)
    expect(apiError.message).toBe('Slow down')
    expect(apiError.retryAfterSeconds).toBe(7)
    expect(apiError.fieldErrors.content).toMatchObject({ code: 'validation.too_long' })
  })

  it('reads a file as a Blob with the token, and a refused one as an ApiError with its code', async () => {
    setSession({ user, tokens: tokens('a', 600_000) })
    serve((call) =>
      call.path === '/api/feedback/1/screenshot'
        ? new Response(new Uint8Array([137, 80, 78, 71]), { status: 200, headers: { 'content-type': 'image/png' } })
        : problem(404, 'feedback.screenshot_not_found'),
    )
    const file = await request<Blob>('/api/feedback/1/screenshot', { responseType: 'blob' })
    expect(file).toBeInstanceOf(Blob)
    expect(file.type).toBe('image/png')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]))
    expect(calls[0]?.headers.authorization).toBe('Bearer access-a')
    await expect(request('/api/feedback/2/screenshot', { responseType: 'blob' })).rejects.toMatchObject({
      code: 'feedback.screenshot_not_found',
      status: 404,
    })
  })

  it('gives answers that are not problem documents a code by status', async () => {
    serve((call) => new Response('oops', { status: call.path === '/api/broken' ? 502 : 400 }))
    await expect(request('/api/broken', { anonymous: true })).rejects.toMatchObject({ code: 'http.internal' })
    await expect(request('/api/odd', { anonymous: true })).rejects.toMatchObject({ code: 'http.bad_request' })
  })

  it("reports an unreachable or silent server as NetworkError network.offline, but lets the caller's abort through", async () => {
    serve(() => Promise.reject(new TypeError('Failed to fetch')))
    const error = await request('/api/planner/todos', { anonymous: true }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ code: 'network.offline', status: 0 })

    // The request timeout aborts the fetch: to the caller that is the same as an unreachable server.
    serve(() => Promise.reject(new DOMException('timed out', 'TimeoutError')))
    const timedOut = await request('/api/planner/todos', { anonymous: true }).catch((caught: unknown) => caught)
    expect(timedOut).toBeInstanceOf(NetworkError)

    const controller = new AbortController()
    controller.abort()
    serve(() => Promise.reject(new DOMException('aborted', 'AbortError')))
    const aborted = await request('/api/planner/todos', { anonymous: true, signal: controller.signal }).catch(
      (caught: unknown) => caught,
    )
    expect(aborted).not.toBeInstanceOf(ApiError)
    expect(aborted).toMatchObject({ name: 'AbortError' })
  })

  it('gives the socket another token when the server refused the one this device thinks is fresh', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    serve(() => json(200, tokens('new', 900_000)))
    expect(await currentAccessToken()).toBe('access-old')
    expect(await currentAccessToken('access-older')).toBe('access-old')
    expect(refreshCalls()).toHaveLength(0)
    expect(await currentAccessToken('access-old')).toBe('access-new')
    expect(refreshCalls()).toHaveLength(1)
  })

  it('sends the token, the UI language, a JSON body and the query, and reads 204 as nothing', async () => {
    setSession({ user, tokens: tokens('old', 600_000) })
    setApiLanguage('ko')
    serve(() => new Response(null, { status: 204 }))
    const answer = await request('/api/planner/todos', {
      method: 'PATCH',
      body: { content: '장보기' },
      query: { date: '2026-11-23', limit: 5, cursor: undefined, done: null },
    })
    setApiLanguage('en')
    expect(answer).toBeUndefined()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      search: '?date=2026-11-23&limit=5',
      body: { content: '장보기' },
      headers: {
        authorization: 'Bearer access-old',
        'accept-language': 'ko',
        'content-type': 'application/json',
      },
    })
  })
})
