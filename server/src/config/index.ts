import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The one place that reads environment variables. `loadConfig` validates every variable at once
 * and throws a ConfigError listing each problem, so a misconfigured process exits before it serves.
 * Each variable is documented in .env.example at the repository root.
 */

export const APP_ENVS = ['development', 'test', 'staging', 'production'] as const
export type AppEnv = (typeof APP_ENVS)[number]

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
type LogLevel = (typeof LOG_LEVELS)[number]

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface Config {
  appEnv: AppEnv
  host: string
  port: number
  /** Public base URL of this deployment; the `iss` of every token it mints. */
  publicUrl: string
  /** Real PostgreSQL when set; otherwise the embedded PGlite under dataDir. */
  databaseUrl: string | null
  databasePoolSize: number
  dataDir: string
  /** Where uploaded files are kept (DATA_DIR/uploads), one folder per module. */
  uploadsDir: string
  /** The built web app (WEB_DIST_DIR, default web/dist); served at / when it holds an index.html. */
  webDistDir: string
  migrateOnStart: boolean
  jwtSecret: string
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  logLevel: LogLevel
  corsOrigins: string[]
  trustProxy: boolean
  bodyLimitBytes: number
  rateLimit: {
    /** Requests per window on sign-in, sign-up and refresh, keyed by client IP. */
    perIp: number
    /** Requests per window keyed by the account (sign-in login, refresh session, sign-up email). */
    perAccount: number
    windowSeconds: number
  }
  shutdownTimeoutMs: number
  /** Redis for the realtime backplane (several processes act as one); in-memory when unset. */
  redisUrl: string | null
  realtime: {
    historySize: number
    historyTtlSeconds: number
    /** Browser origins allowed to open /ws: WS_ORIGINS, else CORS_ORIGINS plus PUBLIC_URL's origin. */
    allowedOrigins: string[] | '*'
    maxPayloadBytes: number
    authTimeoutMs: number
    heartbeatMs: number
    refreshGraceMs: number
    maxBufferedBytes: number
    rateLimitPerSecond: number
    rateLimitBurst: number
    rateLimitStrikes: number
  }
  /** Which parts this process runs: the HTTP/WebSocket server, job workers, the cron scheduler. */
  roles: Role[]
  jobs: {
    /** How often an idle worker looks for new jobs. */
    pollIntervalSeconds: number
    /** Jobs of one queue run at once in this process. */
    concurrency: number
  }
  mail: {
    /** SMTP server to send through (smtp:// or smtps://); without it mail goes to outboxDir. */
    smtpUrl: string | null
    /** The From of every message, e.g. `Madang <no-reply@madang.example>`. */
    from: string
    /** Where each message is written as an .eml file when smtpUrl is unset. */
    outboxDir: string
    /** First wait before a mail job retries recipients that failed transiently (then backoff). */
    retryDelaySeconds: number
  }
  /** The language model behind "AI breakdown"; without baseUrl a built-in offline splitter answers. */
  llm: {
    /** Any OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama). */
    baseUrl: string | null
    /** Sent as `Authorization: Bearer …` when set; never logged. Local servers usually need none. */
    apiKey: string | null
    model: string
    /** How long one request to the provider may take. */
    timeoutMs: number
  }
  planner: {
    /** Seconds a user waits between two AI breakdowns (staff are exempt); 0 turns the wait off. */
    breakdownCooldownSeconds: number
  }
  /** Push notifications to users' devices (Web Push, optionally Firebase Cloud Messaging). */
  push: PushConfig
  rides: RidesConfig
}

/** The taxi app: dispatch, tariff, map tiles and driver locations. */
export interface RidesConfig {
  /** Drivers within this distance of a pick-up are offered the trip first. */
  dispatchRadiusKm: number
  /** The search widens (doubling) up to this distance when nobody accepts. */
  dispatchMaxRadiusKm: number
  /** How long each radius is given before the search widens. */
  dispatchWidenAfterSeconds: number
  /** Fare = base + perKm × straight-line km, rounded to a whole unit of the currency. */
  fareBase: number
  farePerKm: number
  fareCurrency: string
  /** XYZ tile URL template for the web map. */
  mapTileUrl: string
  /** Location messages a driver may send per second (sustained), and in a burst. */
  locationPerSecond: number
  locationBurst: number
  /** A driver whose last location is older than this is not offered trips. */
  locationStaleSeconds: number
}

export const ROLES = ['api', 'worker', 'scheduler'] as const
export type Role = (typeof ROLES)[number]

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

type Env = Record<string, string | undefined>

/** Reads and validates the configuration from `env` (process.env by default). */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const read = makeReaders(env, problems)

  const appEnv = read.oneOf('APP_ENV', APP_ENVS, 'development')
  const port = read.int('PORT', 3000, 0, 65535)
  const host = read.string('HOST', '0.0.0.0')
  const publicUrl = read.url('PUBLIC_URL', `http://localhost:${port}`).replace(/\/+$/, '')
  const databaseUrl = read.optional('DATABASE_URL')
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL')
  }
  const dataDir = path.resolve(REPO_ROOT, read.string('DATA_DIR', '.data'))
  const isProduction = appEnv === 'production' || appEnv === 'staging'
  const redisUrl = read.optional('REDIS_URL')
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must be a redis:// or rediss:// URL')
  const smtpUrl = read.optional('SMTP_URL')
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL with a host')
  const mailFrom = read.string('MAIL_FROM', 'Madang <no-reply@localhost>')
  if (!MAIL_FROM_PATTERN.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${mailFrom}")`)
  }
  const llmBaseUrl = read.optional('LLM_BASE_URL')?.replace(/\/+$/, '') ?? null
  if (llmBaseUrl !== null && !isUrl(llmBaseUrl)) {
    problems.push(`LLM_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1 (got "${llmBaseUrl}")`)
  }
  const llmApiKey = read.optional('LLM_API_KEY')
  // A key without a URL would silently leave the offline splitter in charge.
  if (llmApiKey !== null && llmBaseUrl === null) {
    problems.push('LLM_API_KEY is set but LLM_BASE_URL is not (for OpenAI: LLM_BASE_URL=https://api.openai.com/v1)')
  }
  const roles = read.list('ROLES', [...ROLES])
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role))
      problems.push(`ROLES: "${role}" is not one of ${ROLES.join(', ')}`)
  }
  const corsOrigins = read.list('CORS_ORIGINS', [])
  const wsOrigins = read.list('WS_ORIGINS', [...corsOrigins, originOf(publicUrl)])

  let jwtSecret = read.optional('JWT_SECRET')
  if (jwtSecret === null) {
    if (isProduction) problems.push(`JWT_SECRET is required when APP_ENV=${appEnv}`)
    else if (problems.length === 0) jwtSecret = localDevSecret(dataDir)
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters')
  }

  const config: Config = {
    appEnv,
    host,
    port,
    publicUrl,
    databaseUrl,
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    webDistDir: path.resolve(REPO_ROOT, read.string('WEB_DIST_DIR', 'web/dist')),
    migrateOnStart: read.bool('MIGRATE_ON_START', true),
    jwtSecret: jwtSecret ?? '',
    accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, appEnv === 'test' ? 'silent' : 'info'),
    corsOrigins,
    trustProxy: read.bool('TRUST_PROXY', false),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    rateLimit: {
      perIp: read.int('AUTH_RATE_LIMIT_PER_IP', 30, 1, 100000),
      perAccount: read.int('AUTH_RATE_LIMIT_PER_ACCOUNT', 10, 1, 100000),
      windowSeconds: read.int('AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    },
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    redisUrl,
    realtime: {
      historySize: read.int('REALTIME_HISTORY_SIZE', 200, 0, 100_000),
      historyTtlSeconds: read.int('REALTIME_HISTORY_TTL_SECONDS', 600, 1, 7 * 24 * 3600),
      allowedOrigins: wsOrigins.includes('*') ? '*' : wsOrigins,
      maxPayloadBytes: read.int('WS_MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
      authTimeoutMs: read.int('WS_AUTH_TIMEOUT_MS', 10_000, 50, 600_000),
      heartbeatMs: read.int('WS_HEARTBEAT_MS', 25_000, 50, 600_000),
      refreshGraceMs: read.int('WS_REFRESH_GRACE_MS', 30_000, 0, 600_000),
      maxBufferedBytes: read.int('WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      rateLimitPerSecond: read.int('WS_RATE_LIMIT_PER_SECOND', 20, 1, 100_000),
      rateLimitBurst: read.int('WS_RATE_LIMIT_BURST', 60, 1, 100_000),
      rateLimitStrikes: read.int('WS_RATE_LIMIT_STRIKES', 20, 0, 100_000),
    },
    roles: [...new Set(roles)] as Role[],
    jobs: {
      pollIntervalSeconds: read.int('JOBS_POLL_INTERVAL_SECONDS', 2, 1, 3600),
      concurrency: read.int('JOBS_CONCURRENCY', 2, 1, 100),
    },
    mail: {
      smtpUrl,
      from: mailFrom,
      outboxDir: path.join(dataDir, 'outbox'),
      retryDelaySeconds: read.int('MAIL_RETRY_DELAY_SECONDS', 30, 0, 86400),
    },
    llm: {
      baseUrl: llmBaseUrl,
      apiKey: llmApiKey,
      model: read.string('LLM_MODEL', 'gpt-4o-mini'),
      timeoutMs: read.int('LLM_TIMEOUT_MS', 30_000, 100, 600_000),
    },
    planner: {
      breakdownCooldownSeconds: read.int('PLANNER_BREAKDOWN_COOLDOWN_SECONDS', 10, 0, 86400),
    },
    push: readPushConfig(read, problems, { publicUrl, mailFrom }),
    rides: readRidesConfig(read, problems),
  }
  for (const origin of config.corsOrigins) {
    // Compared verbatim with the browser's Origin header, which never has a path or trailing slash.
    if (origin !== '*' && !(isUrl(origin) && new URL(origin).origin === origin)) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin URL`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

/**
 * Outside production a missing JWT_SECRET is generated once and kept in the data directory, so
 * `npm start` works with no setup and tokens survive restarts.
 */
function localDevSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(dataDir, { recursive: true })
    const secret = randomBytes(48).toString('base64url')
    writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** `local@domain` or `Display Name <local@domain>`, one address, no spaces inside it. */
const MAIL_FROM_PATTERN = /^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
  } catch {
    return false
  }
}

function makeReaders(env: Env, problems: string[]) {
  const raw = (name: string): string | undefined => {
    const value = env[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const inRange = (name: string, fallback: number, min: number, max: number, isInteger: boolean): number => {
    const value = raw(name)
    if (value === undefined) return fallback
    const n = Number(value)
    if (!(isInteger ? Number.isInteger(n) : Number.isFinite(n)) || n < min || n > max) {
      problems.push(`${name} must be ${isInteger ? 'an integer' : 'a number'} from ${min} to ${max} (got "${value}")`)
      return fallback
    }
    return n
  }
  return {
    optional: (name: string): string | null => raw(name) ?? null,
    string: (name: string, fallback: string): string => raw(name) ?? fallback,
    int: (name: string, fallback: number, min: number, max: number): number => inRange(name, fallback, min, max, true),
    number: (name: string, fallback: number, min: number, max: number): number =>
      inRange(name, fallback, min, max, false),
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase()
      if (value === undefined) return fallback
      if (['1', 'true', 'yes', 'on'].includes(value)) return true
      if (['0', 'false', 'no', 'off'].includes(value)) return false
      problems.push(`${name} must be true or false (got "${value}")`)
      return fallback
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name)
      if (value === undefined) return fallback
      if ((allowed as readonly string[]).includes(value)) return value as T
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`)
      return fallback
    },
    url(name: string, fallback: string): string {
      const value = raw(name)
      if (value === undefined) return fallback
      if (!isUrl(value)) problems.push(`${name} must be an http(s) URL (got "${value}")`)
      return value
    },
    list(name: string, fallback: string[]): string[] {
      const value = raw(name)
      if (value === undefined) return fallback
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    },
  }
}

function readRidesConfig(read: ReturnType<typeof makeReaders>, problems: string[]): RidesConfig {
  const dispatchRadiusKm = read.number('RIDES_DISPATCH_RADIUS_KM', 3, 0.1, 100)
  const dispatchMaxRadiusKm = read.number('RIDES_DISPATCH_MAX_RADIUS_KM', 12, 0.1, 500)
  if (dispatchMaxRadiusKm < dispatchRadiusKm) {
    problems.push(
      `RIDES_DISPATCH_MAX_RADIUS_KM (${dispatchMaxRadiusKm}) must not be below RIDES_DISPATCH_RADIUS_KM (${dispatchRadiusKm})`,
    )
  }
  const fareCurrency = read.string('RIDES_FARE_CURRENCY', 'KRW').toUpperCase()
  if (!/^[A-Z]{3}$/.test(fareCurrency)) {
    problems.push(`RIDES_FARE_CURRENCY must be an ISO 4217 code such as KRW (got "${fareCurrency}")`)
  }
  const mapTileUrl = read.string('RIDES_MAP_TILE_URL', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png')
  if (!['{z}', '{x}', '{y}'].every((p) => mapTileUrl.includes(p)) || !isUrl(mapTileUrl.replace(/[{}]/g, ''))) {
    problems.push(`RIDES_MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y} (got "${mapTileUrl}")`)
  }
  return {
    dispatchRadiusKm,
    dispatchMaxRadiusKm,
    dispatchWidenAfterSeconds: read.int('RIDES_DISPATCH_WIDEN_AFTER_SECONDS', 30, 1, 3600),
    fareBase: read.int('RIDES_FARE_BASE', 4800, 0, 10_000_000),
    farePerKm: read.int('RIDES_FARE_PER_KM', 1000, 0, 10_000_000),
    fareCurrency,
    mapTileUrl,
    locationPerSecond: read.int('RIDES_LOCATION_PER_SECOND', 2, 1, 100),
    locationBurst: read.int('RIDES_LOCATION_BURST', 5, 1, 1000),
    locationStaleSeconds: read.int('RIDES_LOCATION_STALE_SECONDS', 120, 5, 86400),
  }
}

/** The PostgreSQL server the test suite runs against instead of PGlite, when set. */
export function readTestDatabaseUrl(env: Env = process.env): string | null {
  const value = env.TEST_DATABASE_URL?.trim()
  return value === undefined || value === '' ? null : value
}

/** Defaults for `npm run create-admin` when its flags are not given. */
export function readAdminSeed(env: Env = process.env): { email?: string; username?: string; password?: string } {
  const pick = (name: string) => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  return { email: pick('ADMIN_EMAIL'), username: pick('ADMIN_USERNAME'), password: pick('ADMIN_PASSWORD') }
}

/** The Redis the test suite uses for the realtime layer tests; a local one is found or started when unset. */
export function readTestRedisUrl(env: Env = process.env): string | null {
  const value = env.TEST_REDIS_URL?.trim()
  return value === undefined || value === '' ? null : value
}

/** Push notifications (the push module): VAPID for Web Push, and Firebase Cloud Messaging when configured. */
/** The push services of Chrome, Firefox, Edge and Safari. */
export const BROWSER_PUSH_HOSTS = [
  'fcm.googleapis.com',
  '*.push.services.mozilla.com',
  '*.notify.windows.com',
  '*.push.apple.com',
] as const

export interface PushConfig {
  /** VAPID_PUBLIC_KEY + VAPID_PRIVATE_KEY (base64url); null: a pair is generated once and kept in the database. */
  vapidKeys: { publicKey: string; privateKey: string } | null
  /** VAPID `sub`, whom push services may contact: VAPID_SUBJECT, else PUBLIC_URL if https, else MAIL_FROM's address. */
  vapidSubject: string
  /** Changes for one device within this many seconds become one notification; 0 sends each on its own. */
  coalesceSeconds: number
  /** How long a push service keeps a notification for a device that is offline. */
  ttlSeconds: number
  /** First wait before a failed delivery is retried (then exponential backoff). */
  retryDelaySeconds: number
  /** Extra CA certificates (PEM, from PUSH_CA_FILE) trusted for push services behind a private CA. */
  caCertificates: string | null
  /**
   * Hosts a Web Push endpoint may point at (PUSH_ALLOWED_HOSTS): the browsers' push services by
   * default, so the worker never posts to an address a user chose (no SSRF). `*.` matches any
   * subdomain; `*` alone allows any host.
   */
  allowedHosts: string[]
  /** Firebase Cloud Messaging (HTTP v1), when a service account is configured. */
  fcm: FcmConfig | null
}

export interface FcmConfig {
  projectId: string
  clientEmail: string
  /** The service account's RSA private key (PEM), which signs the OAuth assertion. */
  privateKey: string
  /** Where the signed assertion is exchanged for an access token: the account's `token_uri`. */
  tokenUri: string
  /** Base URL of the FCM HTTP v1 API (FCM_API_URL). */
  apiUrl: string
}

const BASE64URL = /^[A-Za-z0-9_-]+$/

function readPushConfig(
  read: ReturnType<typeof makeReaders>,
  problems: string[],
  defaults: { publicUrl: string; mailFrom: string },
): PushConfig {
  const publicKey = read.optional('VAPID_PUBLIC_KEY')
  const privateKey = read.optional('VAPID_PRIVATE_KEY')
  let vapidKeys: PushConfig['vapidKeys'] = null
  if ((publicKey === null) !== (privateKey === null)) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (or neither, to generate a pair)')
  } else if (publicKey !== null && privateKey !== null) {
    const isPublicKey = BASE64URL.test(publicKey) && Buffer.from(publicKey, 'base64url').subarray(0, 1)[0] === 4
    if (!isPublicKey || Buffer.from(publicKey, 'base64url').length !== 65) {
      problems.push('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key (65 bytes) in base64url')
    }
    if (!BASE64URL.test(privateKey) || Buffer.from(privateKey, 'base64url').length !== 32) {
      problems.push('VAPID_PRIVATE_KEY must be a P-256 private key (32 bytes) in base64url')
    }
    vapidKeys = { publicKey, privateKey }
  }
  // Push services refuse a subject that is neither mailto: nor https:, and a dev PUBLIC_URL is http.
  const mailAddress = /<([^<>]+)>/.exec(defaults.mailFrom)?.[1] ?? defaults.mailFrom
  const vapidSubject = read.string(
    'VAPID_SUBJECT',
    defaults.publicUrl.startsWith('https://') ? defaults.publicUrl : `mailto:${mailAddress}`,
  )
  // Checked only when given: the default comes from PUBLIC_URL or MAIL_FROM, which report their own problems.
  const isSubject = /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(vapidSubject)
  if (read.optional('VAPID_SUBJECT') !== null && !isSubject) {
    problems.push(`VAPID_SUBJECT must be a mailto: address or an https: URL (got "${vapidSubject}")`)
  }
  const caFile = read.optional('PUSH_CA_FILE')
  let caCertificates: string | null = null
  if (caFile !== null) {
    try {
      caCertificates = readFileSync(path.resolve(REPO_ROOT, caFile), 'utf8')
    } catch {
      problems.push(`PUSH_CA_FILE: cannot read "${caFile}"`)
    }
  }
  return {
    vapidKeys,
    vapidSubject,
    coalesceSeconds: read.int('PUSH_COALESCE_SECONDS', 5, 0, 3600),
    ttlSeconds: read.int('PUSH_TTL_SECONDS', 24 * 3600, 0, 28 * 24 * 3600),
    retryDelaySeconds: read.int('PUSH_RETRY_DELAY_SECONDS', 30, 0, 86400),
    caCertificates,
    allowedHosts: read.list('PUSH_ALLOWED_HOSTS', [...BROWSER_PUSH_HOSTS]).map((h) => h.toLowerCase()),
    fcm: readFcmConfig(read, problems),
  }
}

function readFcmConfig(read: ReturnType<typeof makeReaders>, problems: string[]): FcmConfig | null {
  const inline = read.optional('FCM_SERVICE_ACCOUNT_JSON')
  const file = read.optional('FCM_SERVICE_ACCOUNT_FILE')
  const apiUrl = read.url('FCM_API_URL', 'https://fcm.googleapis.com').replace(/\/+$/, '')
  if (inline !== null && file !== null) {
    problems.push('Set FCM_SERVICE_ACCOUNT_JSON or FCM_SERVICE_ACCOUNT_FILE, not both')
    return null
  }
  let text = inline
  if (file !== null) {
    try {
      text = readFileSync(path.resolve(REPO_ROOT, file), 'utf8')
    } catch {
      problems.push(`FCM_SERVICE_ACCOUNT_FILE: cannot read "${file}"`)
      return null
    }
  }
  if (text === null) return null
  const name = inline !== null ? 'FCM_SERVICE_ACCOUNT_JSON' : 'FCM_SERVICE_ACCOUNT_FILE'
  let account: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object')
    account = parsed as Record<string, unknown>
  } catch {
    // The text holds a private key: never echo it.
    problems.push(`${name} is not a JSON service account`)
    return null
  }
  const field = (key: string): string | null => {
    const value = account[key]
    return typeof value === 'string' && value.trim() !== '' ? value : null
  }
  const projectId = field('project_id')
  const clientEmail = field('client_email')
  const privateKey = field('private_key')
  const tokenUri = field('token_uri') ?? 'https://oauth2.googleapis.com/token'
  if (projectId === null || clientEmail === null || privateKey?.includes('PRIVATE KEY') !== true) {
    problems.push(`${name} needs project_id, client_email and a PEM private_key (a Firebase service account key)`)
    return null
  }
  if (!isUrl(tokenUri)) {
    problems.push(`${name}: token_uri must be an http(s) URL`)
    return null
  }
  return { projectId, clientEmail, privateKey, tokenUri, apiUrl }
}
