import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, REPO_ROOT } from './index.ts'

const SECRET = 'a-production-secret-of-at-least-32-chars'

let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'madang-config-'))
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** The problems loadConfig reports for `env`, or fails the test when it accepts it. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error(`expected loadConfig to reject ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('runs with no variables at all, on development defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir })
    expect(config).toMatchObject({
      appEnv: 'development',
      host: '0.0.0.0',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: null,
      databasePoolSize: 10,
      dataDir,
      migrateOnStart: true,
      jwtSecret: expect.any(String),
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 24 * 3600,
      logLevel: 'info',
      corsOrigins: [],
      trustProxy: false,
      bodyLimitBytes: 1024 * 1024,
      rateLimit: { perIp: 30, perAccount: 10, windowSeconds: 60 },
      shutdownTimeoutMs: 10000,
    })
  })

  it('reads every variable it is given', () => {
    const config = loadConfig({
      APP_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://madang.example',
      DATABASE_URL: 'postgresql://madang@db:5432/madang',
      DATABASE_POOL_SIZE: '25',
      DATA_DIR: dataDir,
      MIGRATE_ON_START: 'no',
      JWT_SECRET: SECRET,
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://app.madang.example',
      TRUST_PROXY: 'true',
      BODY_LIMIT_BYTES: '2048',
      AUTH_RATE_LIMIT_PER_IP: '100',
      AUTH_RATE_LIMIT_PER_ACCOUNT: '5',
      AUTH_RATE_LIMIT_WINDOW_SECONDS: '300',
      SHUTDOWN_TIMEOUT_MS: '0',
    })
    expect(config).toMatchObject({
      appEnv: 'production',
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'https://madang.example',
      databaseUrl: 'postgresql://madang@db:5432/madang',
      databasePoolSize: 25,
      dataDir,
      migrateOnStart: false,
      jwtSecret: SECRET,
      accessTokenTtlSeconds: 600,
      refreshTokenTtlSeconds: 86400,
      logLevel: 'warn',
      corsOrigins: ['https://app.madang.example'],
      trustProxy: true,
      bodyLimitBytes: 2048,
      rateLimit: { perIp: 100, perAccount: 5, windowSeconds: 300 },
      shutdownTimeoutMs: 0,
    })
  })

  it('is silent by default in tests', () => {
    expect(loadConfig({ DATA_DIR: dataDir, APP_ENV: 'test' }).logLevel).toBe('silent')
  })

  it('treats blank values as unset and trims the others', () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '   ', LOG_LEVEL: '', HOST: ' 10.0.0.1 ' })
    expect(config.port).toBe(3000)
    expect(config.logLevel).toBe('info')
    expect(config.host).toBe('10.0.0.1')
  })

  it('derives the default PUBLIC_URL from PORT', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '4100' }).publicUrl).toBe('http://localhost:4100')
  })

  it('resolves a relative DATA_DIR against the repository root', () => {
    const config = loadConfig({ DATA_DIR: '.data/somewhere', JWT_SECRET: SECRET })
    expect(config.dataDir).toBe(path.join(REPO_ROOT, '.data', 'somewhere'))
  })

  it('lists every problem at once', () => {
    const problems = problemsOf({ PORT: 'abc', APP_ENV: 'prod', LOG_LEVEL: 'loud' })
    expect(problems).toHaveLength(3)
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT must be an integer from 0 to 65535 (got "abc")'),
        expect.stringContaining('APP_ENV must be one of development, test, staging, production (got "prod")'),
        expect.stringContaining('LOG_LEVEL must be one of'),
      ]),
    )
  })

  it('names each problem in the error message', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: '70000', TRUST_PROXY: 'maybe' })).toThrow(
      /Invalid configuration:\n {2}- PORT must be .*\n {2}- TRUST_PROXY must be true or false \(got "maybe"\)/,
    )
  })

  it.each([
    ['PORT', '-1'],
    ['PORT', '3.5'],
    ['DATABASE_POOL_SIZE', '0'],
    ['ACCESS_TOKEN_TTL_SECONDS', '29'],
    ['BODY_LIMIT_BYTES', '1023'],
    ['AUTH_RATE_LIMIT_PER_IP', '0'],
    ['AUTH_RATE_LIMIT_WINDOW_SECONDS', 'a minute'],
    ['SHUTDOWN_TIMEOUT_MS', '600001'],
  ])('rejects %s=%s as out of range', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name} must be an integer`))])
  })

  it.each([
    ['1', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['False', false],
    ['off', false],
  ])('reads TRUST_PROXY=%s as %s', (value, expected) => {
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: value }).trustProxy).toBe(expected)
  })

  describe('JWT_SECRET', () => {
    it.each(['production', 'staging'])('is required when APP_ENV=%s', (appEnv) => {
      expect(problemsOf({ APP_ENV: appEnv })).toEqual([`JWT_SECRET is required when APP_ENV=${appEnv}`])
      expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false)
    })

    it('must be at least 32 characters', () => {
      expect(problemsOf({ APP_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toEqual([
        'JWT_SECRET must be at least 32 characters',
      ])
      expect(problemsOf({ APP_ENV: 'development', JWT_SECRET: 'short' })).toEqual([
        'JWT_SECRET must be at least 32 characters',
      ])
      expect(loadConfig({ APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32))
    })

    it('is generated outside production, kept in DATA_DIR and reused on the next load', () => {
      const first = loadConfig({ DATA_DIR: dataDir })
      const file = path.join(dataDir, 'jwt-secret')
      expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32)
      expect(readFileSync(file, 'utf8')).toBe(first.jwtSecret)
      expect(statSync(file).mode & 0o777).toBe(0o600)

      const second = loadConfig({ DATA_DIR: dataDir, APP_ENV: 'test' })
      expect(second.jwtSecret).toBe(first.jwtSecret)
    })

    it('creates DATA_DIR when it does not exist yet', () => {
      const nested = path.join(dataDir, 'not', 'yet')
      const config = loadConfig({ DATA_DIR: nested })
      expect(readFileSync(path.join(nested, 'jwt-secret'), 'utf8')).toBe(config.jwtSecret)
    })

    it('differs between data directories', () => {
      const other = mkdtempSync(path.join(tmpdir(), 'madang-config-'))
      try {
        expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(loadConfig({ DATA_DIR: dataDir }).jwtSecret)
      } finally {
        rmSync(other, { recursive: true, force: true })
      }
    })

    it('reuses a secret file written by hand, ignoring a trailing newline', () => {
      writeFileSync(path.join(dataDir, 'jwt-secret'), `${'s'.repeat(40)}\n`)
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe('s'.repeat(40))
    })

    it('is not generated when another variable is invalid', () => {
      problemsOf({ PORT: 'abc' })
      expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false)
    })
  })

  describe('DATABASE_URL', () => {
    it.each(['postgres://u:p@db:5432/madang', 'postgresql://db/madang'])('accepts %s', (url) => {
      expect(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url }).databaseUrl).toBe(url)
    })

    it.each(['mysql://db/madang', 'db:5432/madang', 'http://db/madang'])('rejects %s', (url) => {
      expect(problemsOf({ DATABASE_URL: url })).toEqual(['DATABASE_URL must be a postgres:// or postgresql:// URL'])
    })
  })

  describe('PUBLIC_URL', () => {
    it.each([
      ['https://madang.example/', 'https://madang.example'],
      ['https://madang.example///', 'https://madang.example'],
      ['https://madang.example/base/', 'https://madang.example/base'],
      ['http://localhost:8080', 'http://localhost:8080'],
    ])('normalizes %s to %s', (value, expected) => {
      expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: value }).publicUrl).toBe(expected)
    })

    it.each(['madang.example', 'ftp://madang.example', 'not a url'])('rejects %s', (value) => {
      expect(problemsOf({ PUBLIC_URL: value })).toEqual([`PUBLIC_URL must be an http(s) URL (got "${value}")`])
    })
  })

  describe('mail', () => {
    it('writes to the outbox under DATA_DIR from a localhost sender when nothing is set', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).mail).toEqual({
        smtpUrl: null,
        from: 'Madang <no-reply@localhost>',
        outboxDir: path.join(dataDir, 'outbox'),
        retryDelaySeconds: 30,
      })
    })

    it.each(['smtp://127.0.0.1:2525', 'smtps://user:p%40ss@smtp.example.com:465', 'smtp://mail.example?pool=true'])(
      'accepts SMTP_URL=%s',
      (url) => {
        expect(loadConfig({ DATA_DIR: dataDir, SMTP_URL: url }).mail.smtpUrl).toBe(url)
      },
    )

    it.each(['http://smtp.example.com', 'smtp.example.com:25', 'smtp://', 'smtpx://user:secret@smtp.example.com'])(
      'rejects SMTP_URL=%s without echoing it, since it may hold a password',
      (url) => {
        expect(problemsOf({ SMTP_URL: url })).toEqual(['SMTP_URL must be an smtp:// or smtps:// URL with a host'])
      },
    )

    it.each(['ops@madang.example', '"Madang Ops" <ops@madang.example>', '마당 <no-reply@madang.example>'])(
      'accepts MAIL_FROM=%s',
      (from) => {
        expect(loadConfig({ DATA_DIR: dataDir, MAIL_FROM: from }).mail.from).toBe(from)
      },
    )

    it.each(['Madang', 'Madang <no-reply>', 'a@b.example, c@d.example'])('rejects MAIL_FROM=%s', (from) => {
      expect(problemsOf({ MAIL_FROM: from })).toEqual([
        `MAIL_FROM must be an address or "Name <address>" (got "${from}")`,
      ])
    })
  })

  describe('rides', () => {
    it('dispatches within 3 km, widening to 12 km every 30 s, on a KRW tariff and OpenStreetMap tiles by default', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).rides).toEqual({
        dispatchRadiusKm: 3,
        dispatchMaxRadiusKm: 12,
        dispatchWidenAfterSeconds: 30,
        fareBase: 4800,
        farePerKm: 1000,
        fareCurrency: 'KRW',
        mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        locationPerSecond: 2,
        locationBurst: 5,
        locationStaleSeconds: 120,
      })
    })

    it('reads fractional radii and a lower-case currency', () => {
      const { rides } = loadConfig({
        DATA_DIR: dataDir,
        RIDES_DISPATCH_RADIUS_KM: '1.5',
        RIDES_DISPATCH_MAX_RADIUS_KM: '4.5',
        RIDES_FARE_CURRENCY: 'usd',
        RIDES_MAP_TILE_URL: 'http://tiles.local/{z}/{x}/{y}.png',
      })
      expect(rides).toMatchObject({
        dispatchRadiusKm: 1.5,
        dispatchMaxRadiusKm: 4.5,
        fareCurrency: 'USD',
        mapTileUrl: 'http://tiles.local/{z}/{x}/{y}.png',
      })
    })

    it('lists each bad rides variable', () => {
      const problems = problemsOf({
        RIDES_DISPATCH_RADIUS_KM: '5',
        RIDES_DISPATCH_MAX_RADIUS_KM: '2',
        RIDES_FARE_PER_KM: 'cheap',
        RIDES_FARE_CURRENCY: 'won!',
        RIDES_MAP_TILE_URL: 'https://tiles.example/tile.png',
        RIDES_LOCATION_PER_SECOND: '0',
      })
      expect(problems).toHaveLength(5)
      expect(problems.join('\n')).toMatch(/RIDES_DISPATCH_MAX_RADIUS_KM.*must not be below/)
      expect(problems.join('\n')).toMatch(/RIDES_MAP_TILE_URL/)
    })
  })

  describe('CORS_ORIGINS', () => {
    it('splits on commas, trims and drops empty entries', () => {
      const config = loadConfig({ DATA_DIR: dataDir, CORS_ORIGINS: ' http://a.test, https://b.test:8443 ,, ' })
      expect(config.corsOrigins).toEqual(['http://a.test', 'https://b.test:8443'])
    })

    it('accepts * for any origin', () => {
      expect(loadConfig({ DATA_DIR: dataDir, CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*'])
    })

    it('lists each entry that is not an origin', () => {
      expect(problemsOf({ CORS_ORIGINS: 'http://ok.test,app.example,ftp://files.test' })).toEqual([
        'CORS_ORIGINS: "app.example" is not an origin URL',
        'CORS_ORIGINS: "ftp://files.test" is not an origin URL',
      ])
    })

    it.each(['https://app.example/', 'https://app.example/path'])(
      'rejects %s, since a browser Origin never has a path and would never match',
      (origin) => {
        expect(problemsOf({ CORS_ORIGINS: origin })).toEqual([`CORS_ORIGINS: "${origin}" is not an origin URL`])
      },
    )
  })
})
