import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config/index.ts'
import { createLogger, redactUrl } from './ctx.ts'
import { TEST_SECRET } from './test/server.ts'

function captureLogger() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const config = loadConfig({ APP_ENV: 'test', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'info' })
  return { log: createLogger(config, stream), output: () => lines.join('') }
}

describe('log redaction', () => {
  it.each([
    ['/ws?token=eyJabc.def', '/ws?token=[redacted]'],
    ['/a?x=1&access_token=s3cr3t&y=2', '/a?x=1&access_token=[redacted]&y=2'],
    ['/a?REFRESH_TOKEN=abc#frag', '/a?REFRESH_TOKEN=[redacted]#frag'],
    ['/api/accounts/me', '/api/accounts/me'],
    ['/a?tokens=keep', '/a?tokens=keep'],
  ])('redacts credentials in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected)
  })

  it('never writes authorization headers, passwords or tokens to the log', () => {
    const { log, output } = captureLogger()
    log.info({
      req: { method: 'GET', url: '/ws?token=query-secret', headers: { authorization: 'Bearer header-secret' } },
      body: { password: 'password-secret', refreshToken: 'refresh-secret', accessToken: 'access-secret' },
    })
    const text = output()
    expect(text).toContain('/ws?token=[redacted]')
    for (const secret of ['query-secret', 'header-secret', 'password-secret', 'refresh-secret', 'access-secret']) {
      expect(text).not.toContain(secret)
    }
  })
})
