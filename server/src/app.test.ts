import { randomUUID } from 'node:crypto'
import { ERROR_STATUS, type Problem } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type HttpResponse, type TestServer } from './test/server.ts'

/** Asserts the response is a problem document with the given status and code, and returns it. */
function expectProblem(res: HttpResponse, status: number, code: string): Problem {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.status).toBe(status)
  const problem = res.body as Problem
  expect(problem).toMatchObject({ status, code, type: `urn:madang:problem:${code}` })
  expect(problem.requestId).toBe(res.headers.get('x-request-id'))
  return problem
}

const INVALID_SIGNUP = {
  email: 'not-an-email',
  username: 'ab',
  password: 'plum-orchard-lantern-42',
  extra: true,
}

interface OpenApiDocument {
  openapi: string
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >
}

describe('the HTTP core', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({
      env: { BODY_LIMIT_BYTES: '1024', CORS_ORIGINS: 'http://allowed.test' },
      extend(app) {
        app.get('/test/boom', { schema: { hide: true } }, async () => {
          throw new Error('secret internal detail')
        })
      },
    })
  })
  afterAll(async () => server?.close())

  describe('request bodies', () => {
    it('answers a body that is not valid JSON with 400 http.malformed_json', async () => {
      const res = await server.http('POST', '/api/accounts/signin', {
        rawBody: '{"login": "kim", ',
        headers: { 'content-type': 'application/json' },
      })
      const problem = expectProblem(res, 400, 'http.malformed_json')
      expect(problem.title).toBe('Malformed JSON')
    })

    it('answers an empty JSON body with 400 http.malformed_json', async () => {
      const res = await server.http('POST', '/api/accounts/signin', {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      })
      expectProblem(res, 400, 'http.malformed_json')
    })

    it('answers a text/plain body to a JSON route with 415 http.unsupported_media_type', async () => {
      const res = await server.http('POST', '/api/accounts/signin', {
        rawBody: JSON.stringify({ login: 'kim', password: 'x' }),
        headers: { 'content-type': 'text/plain' },
      })
      expectProblem(res, 415, 'http.unsupported_media_type')
    })

    it('answers a body over BODY_LIMIT_BYTES with 413 http.body_too_large', async () => {
      const res = await server.http('POST', '/api/accounts/signin', {
        body: { login: 'kim', password: 'x'.repeat(2000) },
      })
      expectProblem(res, 413, 'http.body_too_large')
    })

    it('accepts a body under BODY_LIMIT_BYTES', async () => {
      const body = { login: 'n'.repeat(254), password: 'x'.repeat(256), deviceName: 'd'.repeat(100) }
      expect(JSON.stringify(body).length).toBeGreaterThan(600)
      const res = await server.http('POST', '/api/accounts/signin', { body })
      expectProblem(res, 401, 'accounts.invalid_credentials')
    })
  })

  describe('not found', () => {
    it('answers an unknown route with 404 http.not_found naming the method and path', async () => {
      const res = await server.http('GET', '/api/nothing-here?x=1')
      const problem = expectProblem(res, 404, 'http.not_found')
      expect(problem.detail).toBe('There is nothing at GET /api/nothing-here.')
    })
  })

  describe('validation', () => {
    it('lists every invalid field of a sign-up with a JSON pointer and an English message', async () => {
      const res = await server.http('POST', '/api/accounts/signup', { body: INVALID_SIGNUP })
      const problem = expectProblem(res, 400, 'http.validation_failed')
      expect(problem.title).toBe('Invalid request')
      expect(problem.detail).toBe('Some fields are invalid. See errors.')
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/body/email', code: 'validation.format', message: 'Must be a valid email.' },
          { pointer: '/body/username', code: 'validation.minLength', message: 'Must be at least 3 characters.' },
          { pointer: '/body/extra', code: 'validation.additionalProperties', message: 'Unknown field.' },
        ]),
      )
      expect(problem.errors).toHaveLength(3)
    })

    it('points at a missing required field by its name', async () => {
      const res = await server.http('POST', '/api/accounts/signin', { body: { login: 'kim' } })
      const problem = expectProblem(res, 400, 'http.validation_failed')
      expect(problem.errors).toEqual([{ pointer: '/body/password', code: 'validation.required', message: 'Required.' }])
    })

    it.each(['ko', 'ko-KR,ko;q=0.9,en;q=0.8'])('answers in Korean to Accept-Language: %s', async (acceptLanguage) => {
      const res = await server.http('POST', '/api/accounts/signup', {
        body: INVALID_SIGNUP,
        headers: { 'accept-language': acceptLanguage },
      })
      const problem = expectProblem(res, 400, 'http.validation_failed')
      expect(problem.title).toBe('잘못된 입력')
      expect(problem.detail).toBe('일부 항목이 올바르지 않습니다. errors를 확인하세요.')
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/body/email', code: 'validation.format', message: '올바른 email 형식이어야 합니다.' },
          { pointer: '/body/username', code: 'validation.minLength', message: '3자 이상이어야 합니다.' },
          { pointer: '/body/extra', code: 'validation.additionalProperties', message: '알 수 없는 항목입니다.' },
        ]),
      )
    })

    it('answers in English when English has the higher quality', async () => {
      const res = await server.http('POST', '/api/accounts/signup', {
        body: INVALID_SIGNUP,
        headers: { 'accept-language': 'ko;q=0.1, en' },
      })
      const problem = expectProblem(res, 400, 'http.validation_failed')
      expect(problem.title).toBe('Invalid request')
      expect(problem.errors?.map((e) => e.message)).toContain('Unknown field.')
    })
  })

  describe('error messages', () => {
    it('has a title and detail for every documented error code in English and in Korean', () => {
      const { i18n } = server.ctx
      const missing = Object.keys(ERROR_STATUS).flatMap((code) =>
        ['title', 'detail'].flatMap((part) => {
          const key = `errors.${code}.${part}`
          const en = i18n.t('en', key)
          const ko = i18n.t('ko', key)
          // A Korean text equal to the English one means ko fell back to en.
          return en === key || ko === en ? [key] : []
        }),
      )
      expect(missing).toEqual([])
    })
  })

  describe('unexpected errors', () => {
    it('answers a thrown Error with a generic 500 http.internal that hides the message', async () => {
      const res = await server.http('GET', '/test/boom')
      const problem = expectProblem(res, 500, 'http.internal')
      expect(JSON.stringify(res.body)).not.toContain('secret internal detail')
      expect(problem.detail).toBe('Something went wrong on our side. It has been logged.')
      expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/)
    })
  })

  describe('request ids', () => {
    it('echoes a well-formed incoming x-request-id in the header and the problem', async () => {
      const res = await server.http('GET', '/api/nothing-here', { headers: { 'x-request-id': 'trace-abc.123_x' } })
      expect(res.headers.get('x-request-id')).toBe('trace-abc.123_x')
      expect(expectProblem(res, 404, 'http.not_found').requestId).toBe('trace-abc.123_x')
    })

    it('replaces a malformed incoming x-request-id with a fresh one', async () => {
      const res = await server.http('GET', '/healthz', { headers: { 'x-request-id': 'bad id <script>' } })
      const id = res.headers.get('x-request-id')
      expect(id).not.toBe('bad id <script>')
      expect(id).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('gives each request its own id when none is sent', async () => {
      const [a, b] = await Promise.all([server.http('GET', '/healthz'), server.http('GET', '/healthz')])
      expect(a.headers.get('x-request-id')).toBeTruthy()
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'))
    })
  })

  describe('security headers', () => {
    it('sends helmet headers on every response', async () => {
      for (const path of ['/healthz', '/api/nothing-here']) {
        const res = await server.http('GET', path)
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
        expect(res.headers.get('x-powered-by')).toBeNull()
      }
    })
  })

  describe('CORS', () => {
    it('allows a preflight from a configured origin', async () => {
      const res = await server.http('OPTIONS', '/api/accounts/signin', {
        headers: {
          origin: 'http://allowed.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe('http://allowed.test')
      expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    })

    it('allows a simple GET from a configured origin and exposes the request id', async () => {
      const res = await server.http('GET', '/healthz', { headers: { origin: 'http://allowed.test' } })
      expect(res.headers.get('access-control-allow-origin')).toBe('http://allowed.test')
      expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id')
    })

    it('does not allow another origin', async () => {
      const preflight = await server.http('OPTIONS', '/api/accounts/signin', {
        headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
      })
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      const get = await server.http('GET', '/healthz', { headers: { origin: 'http://evil.test' } })
      expect(get.headers.get('access-control-allow-origin')).toBeNull()
    })
  })

  describe('operations endpoints', () => {
    it('answers GET /healthz with status ok', async () => {
      const res = await server.http('GET', '/healthz')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ status: 'ok' })
    })

    it('answers GET /readyz with status ready while the database answers', async () => {
      const res = await server.http('GET', '/readyz')
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ status: 'ready' })
    })
  })

  describe('API documentation', () => {
    it('serves an OpenAPI 3.1 document where every operation has a 2xx response schema', async () => {
      const res = await server.http<OpenApiDocument>('GET', '/api/openapi.json')
      expect(res.status).toBe(200)
      expect(res.body.openapi).toBe('3.1.0')
      expect(res.body.paths['/api/accounts/signin']?.post).toBeDefined()
      const operations = Object.entries(res.body.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
      )
      expect(operations.length).toBeGreaterThan(5)
      const withoutSuccessSchema = operations
        .filter(({ operation }) => {
          const successes = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status))
          return (
            successes.length === 0 || successes.some(([status, response]) => status !== '204' && !hasSchema(response))
          )
        })
        .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      expect(withoutSuccessSchema).toEqual([])
    })

    it('documents problem details as the failure response of a route', async () => {
      const res = await server.http<OpenApiDocument>('GET', '/api/openapi.json')
      const responses = res.body.paths['/api/accounts/signin']?.post?.responses ?? {}
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '4XX', '5XX']))
    })

    it('serves the Swagger UI as HTML under /docs', async () => {
      for (const path of ['/docs', '/docs/']) {
        const res = await server.http<string>('GET', path)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toContain('text/html')
        expect(res.body).toMatch(/swagger/i)
      }
    })
  })
})

function hasSchema(response: { content?: Record<string, { schema?: unknown }> }): boolean {
  return Object.values(response.content ?? {}).some((media) => media.schema !== undefined)
}

describe('readiness when the database is gone', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  // The test closes the database itself; closing it twice would fail, so close the rest by hand.
  afterAll(async () => {
    await server?.app.close()
    await server?.ctx.realtime.layer.close()
  })

  it('answers GET /readyz with 503 http.unavailable once the database is closed', async () => {
    expect((await server.http('GET', '/readyz')).status).toBe(200)
    await server.database.close()
    const res = await server.http('GET', '/readyz')
    expectProblem(res, 503, 'http.unavailable')
    expect((await server.http('GET', '/healthz')).status).toBe(200)
  })
})

describe('rate limits on credential routes', () => {
  describe('per account', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer({ env: { AUTH_RATE_LIMIT_PER_ACCOUNT: '3', AUTH_RATE_LIMIT_PER_IP: '1000' } })
    })
    afterAll(async () => server?.close())

    it('answers the 4th failed sign-in for one login with 429 and Retry-After, while another login still signs in', async () => {
      const user = newUserInput()
      expect((await server.http('POST', '/api/accounts/signup', { body: user })).status).toBe(201)
      const attempt = (login: string, password = 'wrong-password-123') =>
        server.http('POST', '/api/accounts/signin', { body: { login, password } })

      for (let i = 0; i < 3; i += 1) expectProblem(await attempt('victim'), 401, 'accounts.invalid_credentials')
      const limited = await attempt('victim')
      const problem = expectProblem(limited, 429, 'http.rate_limited')
      const retryAfter = limited.headers.get('retry-after')
      expect(retryAfter).toMatch(/^\d+$/)
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
      expect(Number(retryAfter)).toBeLessThanOrEqual(60)
      expect(problem.detail).toBe(`Too many attempts. Try again in ${retryAfter} seconds.`)

      // The account key ignores case and surrounding spaces, so they do not buy extra guesses.
      expectProblem(await attempt('  VICTIM '), 429, 'http.rate_limited')

      expectProblem(await attempt('someone-else'), 401, 'accounts.invalid_credentials')
      expect((await attempt(user.username, user.password)).status).toBe(200)
    })

    it('limits POST /api/accounts/signup per email, ignoring its case', async () => {
      const user = newUserInput()
      const signUp = (email: string, i: number) =>
        server.http('POST', '/api/accounts/signup', { body: { ...user, email, username: `${user.username}${i}` } })
      expect((await signUp(user.email, 1)).status).toBe(201)
      expectProblem(await signUp(user.email, 2), 409, 'accounts.email_taken')
      expectProblem(await signUp(user.email.toUpperCase(), 3), 409, 'accounts.email_taken')
      expectProblem(await signUp(user.email, 4), 429, 'http.rate_limited')
    })

    it('limits POST /api/accounts/refresh per session named by the token, whatever its secret part', async () => {
      const sessionId = randomUUID()
      const refresh = (refreshToken: string) => server.http('POST', '/api/accounts/refresh', { body: { refreshToken } })
      for (let i = 0; i < 3; i += 1) {
        expectProblem(await refresh(`${sessionId}.guess${i}`), 401, 'accounts.invalid_refresh_token')
      }
      const limited = await refresh(`${sessionId}.guess4`)
      expectProblem(limited, 429, 'http.rate_limited')
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
      expectProblem(await refresh(`${randomUUID()}.guess`), 401, 'accounts.invalid_refresh_token')
    })
  })

  describe('per IP', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer({ env: { AUTH_RATE_LIMIT_PER_ACCOUNT: '1000', AUTH_RATE_LIMIT_PER_IP: '3' } })
    })
    afterAll(async () => server?.close())

    it('answers the 4th sign-in from one IP with 429 even when every login differs', async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await server.http('POST', '/api/accounts/signin', { body: { login: `guess-${i}`, password: 'x' } })
        expectProblem(res, 401, 'accounts.invalid_credentials')
      }
      const limited = await server.http('POST', '/api/accounts/signin', { body: { login: 'guess-4', password: 'x' } })
      expectProblem(limited, 429, 'http.rate_limited')
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    })

    it('limits POST /api/accounts/refresh per IP', async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await server.http('POST', '/api/accounts/refresh', { body: { refreshToken: `token-${i}` } })
        expectProblem(res, 401, 'accounts.invalid_refresh_token')
      }
      const limited = await server.http('POST', '/api/accounts/refresh', { body: { refreshToken: 'token-4' } })
      expectProblem(limited, 429, 'http.rate_limited')
    })
  })
})
