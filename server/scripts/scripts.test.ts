import type { AuthResult, User } from '@madang/contracts'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { MIGRATIONS_DIR, openDatabase, type Database } from '../src/core/db/index.ts'
import { createEmptyPostgresDatabase } from '../src/test/database.ts'
import { createHttpClient, newUserInput } from '../src/test/server.ts'

/**
 * The server and the management commands as real child processes (node 24 running the .ts files,
 * as `npm start` and `npm run <script>` do). Whatever needs a database runs on the suite's backend:
 * a PGlite data directory by default, a fresh empty PostgreSQL database when TEST_DATABASE_URL is set.
 */

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url))
const BACKEND = inject('testDatabase').kind
/** Upper bound for one child process run; a PGlite start with migrations takes a few seconds. */
const RUN_TIMEOUT_MS = 30_000

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

interface Child {
  process: ChildProcess
  stdout(): string
  stderr(): string
  exited: Promise<Exit>
}

const running = new Set<Child>()
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const child of running) child.process.kill('SIGKILL')
  await Promise.all([...running].map((child) => child.exited))
})
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Starts `node <args>` in the server folder with exactly `env` as its environment. */
function start(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<Exit>((resolve, reject) => {
    proc.once('error', reject)
    proc.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  const child: Child = { process: proc, stdout: () => stdout, stderr: () => stderr, exited }
  running.add(child)
  void exited.finally(() => running.delete(child)).catch(() => {})
  return child
}

/** Resolves with `promise`, or kills the child and fails with its output after `ms`. */
async function within<T>(child: Child, promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.process.kill('SIGKILL')
      reject(new Error(`timed out after ${ms} ms ${what}\nstdout:\n${child.stdout()}\nstderr:\n${child.stderr()}`))
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function waitForExit(child: Child, ms = RUN_TIMEOUT_MS): Promise<Exit> {
  return within(child, child.exited, ms, 'waiting for the process to exit')
}

/** Runs a command to completion. */
async function run(args: string[], env: Record<string, string>): Promise<Exit> {
  return waitForExit(start(args, env))
}

type LogLine = Record<string, unknown> & { msg?: string }

function logLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try {
      return [JSON.parse(line) as LogLine]
    } catch {
      return []
    }
  })
}

/** Waits for a pino line whose message starts with `prefix`; fails early if the process exits. */
async function waitForLog(child: Child, prefix: string, ms = RUN_TIMEOUT_MS): Promise<LogLine> {
  const found = new Promise<LogLine>((resolve, reject) => {
    const check = (): boolean => {
      const line = logLines(child.stdout()).find((l) => l.msg?.startsWith(prefix) === true)
      if (line === undefined) return false
      child.process.stdout?.off('data', onData)
      resolve(line)
      return true
    }
    const onData = (): void => void check()
    if (check()) return
    child.process.stdout?.on('data', onData)
    child.exited.then((exit) => {
      if (!check())
        reject(new Error(`exited (code ${exit.code}) before logging "${prefix}"\n${exit.stdout}\n${exit.stderr}`))
    }, reject)
  })
  return within(child, found, ms, `waiting for "${prefix}"`)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'madang-process-test-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

interface Backend {
  /** DATA_DIR, plus DATABASE_URL on PostgreSQL. */
  env: Record<string, string>
  dataDir: string
  /** Opens the same database from the test process; on PGlite only while no child has it open. */
  open(): Promise<Database>
}

/** A data directory and, when the suite runs on PostgreSQL, an empty database of its own. */
async function createBackend(): Promise<Backend> {
  const dataDir = tempDir()
  let databaseUrl: string | null = null
  if (BACKEND === 'postgres') {
    const created = await createEmptyPostgresDatabase()
    cleanups.push(() => created.drop())
    databaseUrl = created.url
  }
  return {
    env: { DATA_DIR: dataDir, APP_ENV: 'development', ...(databaseUrl !== null && { DATABASE_URL: databaseUrl }) },
    dataDir,
    open: () => openDatabase({ databaseUrl, databasePoolSize: 1, dataDir }),
  }
}

async function query<T>(backend: Backend, statement: string): Promise<T[]> {
  const database = await backend.open()
  try {
    // Both drivers (pg and PGlite) answer with { rows }.
    const result = (await database.db.execute(sql.raw(statement))) as { rows: T[] }
    return result.rows
  } finally {
    await database.close()
  }
}

describe('node src/main.ts', () => {
  it(`serves on ${BACKEND}, exits 0 on SIGTERM, and keeps users and access tokens across a restart`, async () => {
    const backend = await createBackend()
    const port = await freePort()
    const env = { ...backend.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' }
    const http = createHttpClient(`http://127.0.0.1:${port}`)

    const first = start(['src/main.ts'], env)
    const serving = await waitForLog(first, 'Madang is serving at')
    expect(serving).toMatchObject({
      msg: `Madang is serving at http://localhost:${port} (API docs: http://localhost:${port}/docs)`,
      database: BACKEND,
    })
    expect(await http('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } })
    const input = newUserInput()
    const signUp = await http<AuthResult>('POST', '/api/accounts/signup', { body: input })
    expect(signUp.status).toBe(201)

    first.process.kill('SIGTERM')
    const firstExit = await waitForExit(first, 15_000)
    expect({ code: firstExit.code, signal: firstExit.signal }).toEqual({ code: 0, signal: null })
    expect(logLines(firstExit.stdout).map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'shut down cleanly']),
    )
    expect(readFileSync(path.join(backend.dataDir, 'jwt-secret'), 'utf8').length).toBeGreaterThanOrEqual(32)

    const second = start(['src/main.ts'], env)
    await waitForLog(second, 'Madang is serving at')
    const me = await http<User>('GET', '/api/accounts/me', { token: signUp.body.tokens.accessToken })
    expect(me).toMatchObject({ status: 200, body: { id: signUp.body.user.id, username: input.username } })
    const signIn = await http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password },
    })
    expect(signIn).toMatchObject({ status: 200, body: { user: { id: signUp.body.user.id } } })

    second.process.kill('SIGTERM')
    const secondExit = await waitForExit(second, 15_000)
    expect({ code: secondExit.code, signal: secondExit.signal }).toEqual({ code: 0, signal: null })
  }, 90_000)

  it('exits 1 listing every configuration problem on stderr before opening the database or serving', async () => {
    const dataDir = tempDir()
    const exit = await run(['src/main.ts'], { DATA_DIR: dataDir, APP_ENV: 'production', PORT: 'abc' })

    expect(exit.code).toBe(1)
    expect(exit.stderr).toContain('Invalid configuration:')
    expect(exit.stderr).toContain('PORT must be an integer from 0 to 65535 (got "abc")')
    expect(exit.stderr).toContain('JWT_SECRET is required when APP_ENV=production')
    expect(exit.stdout).toBe('')
    expect(readdirSync(dataDir)).toEqual([])
  })
})

describe('node scripts/create-admin.ts', () => {
  const password = 'plum-orchard-lantern-42'
  let backendPromise: Promise<Backend> | undefined
  /** One database for this group: each test uses its own user. */
  const backend = (): Promise<Backend> => (backendPromise ??= createBackend())

  it(`creates a staff user on ${BACKEND} and reports it as existing on a second run, both exiting 0`, async () => {
    const { env } = await backend()
    const args = ['scripts/create-admin.ts', '--email', 'root@example.com', '--username', 'root_admin']

    const created = await run([...args, '--password', password], env)
    expect(created).toMatchObject({ code: 0, stdout: 'Created staff user root_admin <root@example.com>.\n' })
    const again = await run([...args, '--password', password], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toBe(
      'Staff user root_admin <root@example.com> already exists; made sure it has the staff role.\n',
    )

    const rows = await query<{ roles: string[] }>(
      await backend(),
      `select roles from accounts.users where username = 'root_admin'`,
    )
    expect(rows).toEqual([{ roles: ['staff'] }])
  }, 60_000)

  it('exits 1 naming accounts.weak_password when the password is too weak, creating no user', async () => {
    const { env } = await backend()
    const exit = await run(
      ['scripts/create-admin.ts', '--email', 'weak@example.com', '--username', 'weak_admin', '--password', 'short'],
      env,
    )
    expect(exit.code).toBe(1)
    expect(exit.stderr).toContain('create-admin failed: accounts.weak_password')
    expect(exit.stdout).not.toContain('Created')
    expect(await query(await backend(), `select 1 from accounts.users where username = 'weak_admin'`)).toEqual([])
  }, 60_000)

  it('exits 1 naming the required flags before opening the database when a flag is missing', async () => {
    const dataDir = tempDir()
    const exit = await run(['scripts/create-admin.ts', '--email', 'lonely@example.com'], { DATA_DIR: dataDir })
    expect(exit.code).toBe(1)
    expect(exit.stderr).toContain('create-admin needs --email, --username and --password')
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('takes the email, username and password from ADMIN_EMAIL, ADMIN_USERNAME and ADMIN_PASSWORD', async () => {
    const { env } = await backend()
    const exit = await run(['scripts/create-admin.ts'], {
      ...env,
      ADMIN_EMAIL: 'env-admin@example.com',
      ADMIN_USERNAME: 'env_admin',
      ADMIN_PASSWORD: password,
    })
    expect(exit).toMatchObject({ code: 0, stdout: 'Created staff user env_admin <env-admin@example.com>.\n' })
  }, 60_000)

  it('prefers a flag over its ADMIN_* variable', async () => {
    const { env } = await backend()
    const exit = await run(['scripts/create-admin.ts', '--username', 'flag_admin'], {
      ...env,
      ADMIN_EMAIL: 'flag-admin@example.com',
      ADMIN_USERNAME: 'ignored_admin',
      ADMIN_PASSWORD: password,
    })
    expect(exit).toMatchObject({ code: 0, stdout: 'Created staff user flag_admin <flag-admin@example.com>.\n' })
  }, 60_000)
})

describe('node scripts/wait-for-db.ts', () => {
  it('exits 1 after one "Database unavailable" line per attempt when the database refuses connections', async () => {
    const exit = await run(['scripts/wait-for-db.ts', '--attempts', '3', '--interval-ms', '50'], {
      DATA_DIR: tempDir(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
    })
    expect(exit.code).toBe(1)
    const attempts = exit.stdout
      .split('\n')
      .filter((line) => line.startsWith('Database unavailable'))
      .map((line) => /\(attempt (\d+)\/3: /.exec(line)?.[1])
    expect(attempts).toEqual(['1', '2', '3'])
    // The driver's reason, not Drizzle's wrapper, and no promise of another wait after the last attempt.
    expect(exit.stdout).toContain('(attempt 1/3: connect ECONNREFUSED 127.0.0.1:1), waiting 50 ms...\n')
    expect(exit.stdout).toContain('(attempt 3/3: connect ECONNREFUSED 127.0.0.1:1).\n')
    expect(exit.stderr).toBe('Database still unavailable after 3 attempts.\n')
  })

  it(`exits 0 with "Database available (${BACKEND})" when the database answers`, async () => {
    const { env } = await createBackend()
    const exit = await run(['scripts/wait-for-db.ts', '--attempts', '3', '--interval-ms', '50'], env)
    expect(exit).toMatchObject({ code: 0, stdout: `Database available (${BACKEND}).\n`, stderr: '' })
  }, 60_000)

  it('exits 1 on an --attempts value that is not a positive integer', async () => {
    const exit = await run(['scripts/wait-for-db.ts', '--attempts', '0'], { DATA_DIR: tempDir() })
    expect(exit.code).toBe(1)
    expect(exit.stderr).toBe('--attempts must be a positive integer\n')
  })
})

describe('node scripts/migrate.ts', () => {
  it(`migrates an empty ${BACKEND} database, and a second run exits 0 applying nothing twice`, async () => {
    const backend = await createBackend()
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[]
    }

    const first = await run(['scripts/migrate.ts'], backend.env)
    expect(first).toMatchObject({ code: 0, stdout: `Migrations applied (${BACKEND}).\n` })
    const second = await run(['scripts/migrate.ts'], backend.env)
    expect(second).toMatchObject({ code: 0, stdout: `Migrations applied (${BACKEND}).\n` })

    const applied = await query<{ count: number | string }>(
      backend,
      `select count(*)::int as count from drizzle.__drizzle_migrations`,
    )
    expect(applied.map((row) => Number(row.count))).toEqual([journal.entries.length])
    expect(await query(backend, `select id from accounts.users`)).toEqual([])
  }, 60_000)
})
