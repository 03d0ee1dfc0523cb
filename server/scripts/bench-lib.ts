// Shared by the benchmark scripts (bench-realtime.ts, bench-rides.ts). Each script forks itself as
// its client process, so this file's top level imports only what a client needs; anything of the
// server's is loaded where it is used.
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'

/** Milliseconds on the system-wide monotonic clock, shared by a benchmark and its client processes. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** The `p` quantile (0..1) of ascending samples, NaN without any. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN
}

/** Milliseconds for a report table: two decimals, or n/a. */
export function formatMs(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a'
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

/**
 * The environment a benchmark's app runs with: silent, long-lived tokens, no heartbeat pings
 * mid-run; `extra` adds or overrides variables.
 */
export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ENV: 'development',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_URL: 'http://madang.bench',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    WS_HEARTBEAT_MS: '600000',
    ...extra,
  }
}

/** Throws unless Redis answers at `url`, asking once (the app's clients would keep retrying). */
export async function assertRedisReachable(url: string): Promise<void> {
  const { Redis } = await import('ioredis')
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } catch (error) {
    throw new Error(`Redis at ${url} is not reachable (${messageOf(error)})`, { cause: error })
  } finally {
    probe.disconnect()
  }
}

/** Deletes every key under `prefix` (a run's own), so a benchmark leaves nothing behind. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url)
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    await redis.quit()
  }
}

/** A client process reports a failure as `{ kind: 'failed', message }`, which ends any conversation. */
function isFailure(message: { kind: string }): message is { kind: 'failed'; message: string } {
  return message.kind === 'failed'
}

export interface ClientProcess<P extends { kind: string }, M extends { kind: string }> {
  send(message: P): void
  /** Resolves with `handle`'s result once it returns one; rejects on failure, early exit or timeout. */
  converse<T>(timeoutMs: number, handle: (message: M) => T | undefined): Promise<T>
  /** Asks the process to close its sockets and exit (killing it after 10 s). */
  close(): Promise<void>
}

/**
 * Forks `script` with `--role=clients`: the benchmark's client side, in a process of its own, which
 * takes orders `P` (and `{ kind: 'close' }`) and answers with messages `M`.
 */
export function forkClients<P extends { kind: string }, M extends { kind: string }>(
  script: string,
): ClientProcess<P, M> {
  const child: ChildProcess = fork(script, ['--role=clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let onMessage: (message: M) => void = () => {}
  let onExit: (error: Error) => void = () => {}
  child.on('message', (raw) => onMessage(raw as M))
  child.on('error', (error) => onExit(error))
  child.on('exit', (code) => onExit(new Error(`client process exited early (code ${code})`)))

  return {
    send(message) {
      child.send(message)
    },
    converse: <T>(timeoutMs: number, handle: (message: M) => T | undefined): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const done = (fn: () => void) => {
          clearTimeout(timer)
          onMessage = () => {}
          onExit = () => {}
          fn()
        }
        const timer = setTimeout(
          () => done(() => reject(new Error('the client process did not answer in time'))),
          timeoutMs,
        )
        onExit = (error) => done(() => reject(error))
        onMessage = (message) => {
          if (isFailure(message)) return done(() => reject(new Error(message.message)))
          const result = handle(message)
          if (result !== undefined) done(() => resolve(result))
        }
      }),
    async close() {
      onExit = () => {}
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      if (child.connected) child.send({ kind: 'close' })
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(kill)
    },
  }
}
