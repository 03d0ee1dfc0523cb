import { pino, type DestinationStream, type Logger } from 'pino'
import type { Config } from './config/index.ts'
import { createAccessTokenService, type AccessTokenService } from './core/auth/tokens.ts'
import { systemClock, type Clock } from './core/clock.ts'
import { openDatabase, type Database } from './core/db/index.ts'
import { runTransaction } from './core/db/transaction.ts'
import { createI18n, type I18n } from './core/i18n/index.ts'
import { createJobs, type Jobs } from './core/jobs/index.ts'
import { createMailer, type Mailer } from './core/mail/index.ts'
import type { ChannelLayer } from './core/realtime/layer.ts'
import { createRealtime, openChannelLayer, type Realtime } from './core/realtime/index.ts'
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
  realtime: Realtime
  /** Background jobs: `ctx.jobs.enqueue(tx, name, payload, { ownerId })` inside the business transaction. */
  jobs: Jobs
  /** Email over SMTP (SMTP_URL) or into DATA_DIR/outbox as .eml files. Send only from jobs. */
  mail: Mailer
  /** Runs `fn` in a database transaction; realtime publishes inside it wait for the commit. */
  transaction<T>(fn: (tx: Database['db']) => Promise<T>): Promise<T>
  /**
   * Stops the job workers, lets each module release what it opened, and closes what the context
   * opened itself: the realtime layer, the mailer, and the database unless one was handed in.
   */
  close(): Promise<void>
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

const SECRET_QUERY_PARAMS = /([?&](?:token|access_token|refresh_token)=)[^&#]*/gi

/** A request URL fit for logs: credentials passed in the query string are blanked. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]')
}

interface LoggedRequest {
  method: string
  url: string
  ip?: string
  headers?: Record<string, unknown>
}

export function createLogger(config: Config, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { env: config.appEnv },
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
          userAgent: req.headers?.['user-agent'],
        }),
      },
    },
    destination,
  )
}

export async function createCtx(
  config: Config,
  overrides: { database?: Database; clock?: Clock; log?: Logger; layer?: ChannelLayer } = {},
): Promise<Ctx> {
  const clock = overrides.clock ?? systemClock
  const log = overrides.log ?? createLogger(config)
  const ownsDatabase = overrides.database === undefined
  const database = overrides.database ?? (await openDatabase(config))
  const layer =
    overrides.layer ??
    (await openChannelLayer(
      {
        redisUrl: config.redisUrl,
        historySize: config.realtime.historySize,
        historyTtlSeconds: config.realtime.historyTtlSeconds,
      },
      clock,
      log,
    ))
  const realtime = createRealtime(layer, log)
  const jobs = createJobs({
    database,
    realtime,
    clock,
    log,
    pollingIntervalSeconds: config.jobs.pollIntervalSeconds,
    concurrency: config.jobs.concurrency,
    runsScheduler: config.roles.includes('scheduler'),
  })
  const ctx: Ctx = {
    config,
    database,
    db: database.db,
    clock,
    log,
    i18n: createI18n(INSTALLED_MODULES.flatMap((m) => (m.messages === undefined ? [] : [m.messages]))),
    accessTokens: createAccessTokenService({
      secret: config.jwtSecret,
      issuer: config.publicUrl,
      audience: config.appEnv,
      ttlSeconds: config.accessTokenTtlSeconds,
      clock,
    }),
    realtime,
    jobs,
    mail: createMailer(config.mail, log, { clock }),
    transaction: (fn) => runTransaction(database.db, fn),
    async close() {
      await jobs.stop()
      for (const module of INSTALLED_MODULES) await module.close?.(ctx)
      ctx.mail.close()
      await layer.close()
      if (ownsDatabase) await database.close()
    },
  }
  jobs.register(INSTALLED_MODULES.flatMap((m) => m.jobs?.(ctx) ?? []))
  return ctx
}
