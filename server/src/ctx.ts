import { pino, type Logger } from 'pino'
import type { Config } from './config/index.ts'
import { createAccessTokenService, type AccessTokenService } from './core/auth/tokens.ts'
import { systemClock, type Clock } from './core/clock.ts'
import { openDatabase, type Database } from './core/db/index.ts'
import { createI18n, type I18n } from './core/i18n/index.ts'
import { INSTALLED_MODULES } from './modules/index.ts'

/**
 * The composition root: every shared service a module may use, built once from the config.
 * Modules receive it as their first argument; tests build one per test file.
 */
export interface Ctx {
  config: Config
  database: Database
  /** Shortcut for database.db: the executor repositories use outside a transaction. */
  db: Database['db']
  clock: Clock
  log: Logger
  i18n: I18n
  accessTokens: AccessTokenService
}

/** Paths pino blanks out of every log line: credentials and tokens never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
]

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { env: config.appEnv },
  })
}

export async function createCtx(
  config: Config,
  overrides: { database?: Database; clock?: Clock; log?: Logger } = {},
): Promise<Ctx> {
  const clock = overrides.clock ?? systemClock
  const database = overrides.database ?? (await openDatabase(config))
  return {
    config,
    database,
    db: database.db,
    clock,
    log: overrides.log ?? createLogger(config),
    i18n: createI18n(INSTALLED_MODULES.flatMap((m) => (m.messages === undefined ? [] : [m.messages]))),
    accessTokens: createAccessTokenService({
      secret: config.jwtSecret,
      issuer: config.publicUrl,
      audience: config.appEnv,
      ttlSeconds: config.accessTokenTtlSeconds,
      clock,
    }),
  }
}
