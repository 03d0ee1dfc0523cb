import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/pglite'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { loadConfig, type Role } from '../../config/index.ts'
import { createCtx, type Ctx } from '../../ctx.ts'
import { createEmptyPostgresDatabase, createTestDatabase } from '../../test/database.ts'
import {
  listRuns,
  prepareTestJobs,
  READY_MESSAGE,
  RECORD_JOB,
  RECORD_ROUTE,
  SLOW_JOB,
  SLOW_JOB_TIMEOUT_SECONDS,
  startRoles,
  TEST_CRON,
  TICK_JOB,
  urlOf,
  type RunRow,
} from '../../test/fixtures/job-worker.ts'
import { freePort } from '../../test/redis.ts'
import { createHttpClient, TEST_SECRET } from '../../test/server.ts'
import { openPostgres, type Database } from '../db/index.ts'
import type { App } from '../http/types.ts'

/**
 * Jobs across processes. On PostgreSQL each worker is a real `node src/test/fixtures/job-worker.ts`
 * process over one fresh database, killed with SIGKILL where a test says kill. On PGlite (which one
 * process owns) each worker is an in-process context over one shared database with a connection of
 * its own that the test can cut: a killed worker then settles nothing, exactly as a dead process
 * would, and only the lease expiring frees its job. The test's own context enqueues and reads and
 * never runs a job.
 */

const BACKEND = inject('testDatabase').kind
const SHAPE = BACKEND === 'postgres' ? 'node processes on postgres' : 'in-process workers on pglite'
const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url))
const FIXTURE = 'src/test/fixtures/job-worker.ts'
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000
/**
 * pg-boss fails jobs whose lease has expired in its supervise pass, which every instance runs a
 * minute after it starts and then every minute; the retry waits a second and a poll.
 */
const RELEASE_TIMEOUT_MS = 150_000

interface Worker {
  label: string
  /** Where its api serves; null when it runs no api role. */
  url: string | null
  /** Ends it in the middle of whatever it runs, settling nothing, as SIGKILL does. */
  kill(): Promise<void>
  stop(): Promise<void>
}

interface Cluster {
  /** The test's own context on the shared database: it enqueues and reads, and runs no job. */
  ctx: Ctx
  start(label: string, roles: Role[]): Promise<Worker>
  close(): Promise<void>
}

const clusters: Cluster[] = []

afterEach(async () => {
  for (const cluster of clusters.splice(0)) await cluster.close()
})

async function startCluster(): Promise<Cluster> {
  const cluster = BACKEND === 'postgres' ? await startProcessCluster() : await startInProcessCluster()
  clusters.push(cluster)
  return cluster
}

function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    APP_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    PUBLIC_URL: 'http://madang.test',
    HOST: '127.0.0.1',
    JOBS_POLL_INTERVAL_SECONDS: '1',
    ROLES: 'api',
    ...env,
  })
}

// ---- PostgreSQL: real processes ----

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

interface Child {
  process: ChildProcess
  output(): string
  exited: Promise<Exit>
}

function spawnNode(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const append = (chunk: string) => {
    output += chunk
  }
  proc.stdout?.setEncoding('utf8').on('data', append)
  proc.stderr?.setEncoding('utf8').on('data', append)
  const exited = new Promise<Exit>((resolve) => proc.once('close', (code, signal) => resolve({ code, signal })))
  return { process: proc, output: () => output, exited }
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

/** Resolves with the first log line whose message starts with `prefix`; fails if the child exits first or after START_TIMEOUT_MS. */
async function waitForLog(child: Child, prefix: string): Promise<LogLine> {
  const find = () => logLines(child.output()).find((line) => line.msg?.startsWith(prefix) === true)
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    const line = find()
    if (line !== undefined) return line
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`exited before logging "${prefix}":\n${child.output()}`)
    }
    if (Date.now() > deadline) throw new Error(`no "${prefix}" after ${START_TIMEOUT_MS} ms:\n${child.output()}`)
    await sleep(50)
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within STOP_TIMEOUT_MS. */
async function stopChild(child: Child): Promise<Exit> {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGTERM')
  }
  const timer = setTimeout(() => child.process.kill('SIGKILL'), STOP_TIMEOUT_MS)
  try {
    return await child.exited
  } finally {
    clearTimeout(timer)
  }
}

async function startProcessCluster(): Promise<Cluster> {
  const created = await createEmptyPostgresDatabase()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'madang-workers-test-'))
  const children: Child[] = []
  let ctx: Ctx | undefined
  const database = openPostgres({ url: created.url, poolSize: 4 })
  const close = async () => {
    await Promise.all(children.map(stopChild))
    await ctx?.close()
    await database.close()
    await created.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await database.migrate()
    ctx = await createCtx(testConfig(), { database })
    await prepareTestJobs(ctx, 'test')
    await ctx.jobs.start()
  } catch (error) {
    await close()
    throw error
  }
  return {
    ctx,
    async start(label, roles) {
      const port = await freePort()
      const child = spawnNode([FIXTURE, '--roles', roles.join(','), '--label', label], {
        APP_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: 'http://madang.test',
        JWT_SECRET: TEST_SECRET,
        DATABASE_URL: created.url,
        DATABASE_POOL_SIZE: '4',
        DATA_DIR: dataDir,
        JOBS_POLL_INTERVAL_SECONDS: '1',
        SHUTDOWN_TIMEOUT_MS: '5000',
      })
      children.push(child)
      const ready = await waitForLog(child, READY_MESSAGE)
      expect(ready).toMatchObject({ roles, label })
      return {
        label,
        url: typeof ready.url === 'string' ? ready.url : null,
        async kill() {
          child.process.kill('SIGKILL')
          expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' })
        },
        async stop() {
          await stopChild(child)
        },
      }
    },
    close,
  }
}

// ---- PGlite: in-process workers over one database ----

/** Methods through which PGlite talks to its database; all of them fail once the connection is cut. */
const PGLITE_CALLS = new Set<PropertyKey>(['query', 'exec', 'sql', 'transaction', 'listen', 'unlisten'])

/**
 * `database` seen through a connection the test can cut, like the one a process loses when it
 * dies: pg-boss and the task writes of the worker using it go through it.
 */
function cuttableConnection(database: Database): { database: Database; cut(): void } {
  const pglite = database.pglite
  if (pglite === undefined) throw new Error('in-process workers need PGlite')
  let isCut = false
  const connection = new Proxy(pglite, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      if (!PGLITE_CALLS.has(property)) return (value as (...args: unknown[]) => unknown).bind(target)
      return (...args: unknown[]) =>
        isCut
          ? Promise.reject(new Error('connection lost'))
          : (value as (...args: unknown[]) => unknown).apply(target, args)
    },
  })
  return {
    database: {
      db: drizzle({ client: connection }),
      kind: 'pglite',
      pglite: connection,
      migrate: () => database.migrate(),
      ping: () => database.ping(),
      // The shared database outlives its workers; the cluster closes it.
      close: async () => {},
    },
    cut() {
      isCut = true
    },
  }
}

async function startInProcessCluster(): Promise<Cluster> {
  const database = await createTestDatabase()
  const stops: Array<() => Promise<void>> = []
  let ctx: Ctx | undefined
  const close = async () => {
    for (const stop of stops.splice(0)) await stop()
    await ctx?.jobs.stop()
    await ctx?.realtime.layer.close()
    await database.close()
  }
  try {
    ctx = await createCtx(testConfig(), { database })
    await prepareTestJobs(ctx, 'test')
    await ctx.jobs.start()
  } catch (error) {
    await close()
    throw error
  }
  return {
    ctx,
    async start(label, roles) {
      const connection = cuttableConnection(database)
      const worker = await createCtx(testConfig({ ROLES: roles.join(','), PORT: '0' }), {
        database: connection.database,
      })
      let app: App | null = null
      let isGone = false
      const stop = async () => {
        if (isGone) return
        isGone = true
        await app?.close()
        await worker.jobs.stop()
        await worker.realtime.layer.close()
      }
      stops.push(stop)
      await prepareTestJobs(worker, label)
      app = await startRoles(worker, roles)
      return {
        label,
        url: app === null ? null : urlOf(app),
        async kill() {
          if (isGone) return
          isGone = true
          connection.cut()
          // Stops its polling and timers. The fail it sends for its active jobs on the way out goes
          // to the cut connection, so they stay active until their lease expires, as a dead process's do.
          await worker.jobs.boss.stop({ graceful: false, close: false }).catch(() => {})
          await app?.close()
          await worker.realtime.layer.close()
        },
        stop,
      }
    },
    close,
  }
}

// ---- helpers ----

async function enqueue(cluster: Cluster, name: string, payload: unknown): Promise<string> {
  const { taskId } = await cluster.ctx.transaction((tx) => cluster.ctx.jobs.enqueue(tx, name, payload))
  return taskId
}

async function runsOf(cluster: Cluster, jobId: string): Promise<RunRow[]> {
  return (await listRuns(cluster.ctx)).filter((run) => run.jobId === jobId)
}

const summary = (runs: RunRow[]) => runs.map((run) => [run.event, run.attempt, run.worker])

/**
 * Waits until the current second of the minute is in one of `windows` (inclusive, ascending).
 * The cron test starts its schedulers in one so that the first firing, which the first pass sends
 * whenever it runs, is created in the minute it fires for rather than in the next.
 */
async function waitForSecondIn(windows: ReadonlyArray<readonly [number, number]>): Promise<void> {
  const second = (Date.now() % 60_000) / 1000
  if (windows.some(([from, to]) => second >= from && second <= to)) return
  const next = windows.find(([from]) => from > second)?.[0] ?? 60 + (windows[0]?.[0] ?? 0)
  await sleep((next - second) * 1000 + 100)
}

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) })
    return true
  } catch {
    return false
  }
}

describe(`jobs across workers (${SHAPE})`, () => {
  it(`runs a job whose worker was killed mid-run again on another worker once its lease expires, completing it once (${BACKEND})`, async () => {
    const cluster = await startCluster()
    const workers = [await cluster.start('a', ['worker']), await cluster.start('b', ['worker'])]
    const taskId = await enqueue(cluster, SLOW_JOB, {})

    await expect.poll(async () => (await runsOf(cluster, taskId)).length, { timeout: 20_000, interval: 100 }).toBe(1)
    const [first] = await runsOf(cluster, taskId)
    const holder = workers.find((w) => w.label === first?.worker)
    const survivor = workers.find((w) => w.label !== first?.worker)
    if (holder === undefined || survivor === undefined) throw new Error(`unexpected first run ${JSON.stringify(first)}`)
    expect(await cluster.ctx.jobs.getTask(taskId)).toMatchObject({ state: 'active', attempts: 1 })
    await holder.kill()

    await expect
      .poll(async () => (await cluster.ctx.jobs.getTask(taskId))?.state, { timeout: RELEASE_TIMEOUT_MS, interval: 500 })
      .toBe('completed')
    expect(await cluster.ctx.jobs.getTask(taskId)).toMatchObject({
      state: 'completed',
      attempts: 2,
      result: { worker: survivor.label },
      error: null,
    })
    const runs = await runsOf(cluster, taskId)
    expect(summary(runs)).toEqual([
      ['started', 0, holder.label],
      ['started', 1, survivor.label],
      ['completed', 1, survivor.label],
    ])
    // Run again because the lease ran out, not because the dying worker gave the job back.
    expect((runs[1]?.atMs ?? 0) - (runs[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(SLOW_JOB_TIMEOUT_SECONDS * 1000)
  }, 200_000)

  it(`runs each minute's cron firing exactly once with two schedulers running (${BACKEND})`, async () => {
    const cluster = await startCluster()
    // Registered before any scheduler runs, so the first scheduler's first pass (at its start)
    // already fires it. Passes then come every 30 s and the first one in each minute fires it again.
    // Starting at second 0-18 or 28-38 keeps that first pass clear of a minute's last seconds (its
    // job would be created in the next minute, beside that minute's own), and from 28 on the next
    // firing comes half a minute later instead of a whole one.
    await waitForSecondIn([
      [0, 18],
      [28, 38],
    ])
    await cluster.ctx.jobs.startScheduler(TEST_CRON)
    const schedulers = [
      await cluster.start('a', ['scheduler', 'worker']),
      await cluster.start('b', ['scheduler', 'worker']),
    ]

    const firings = async () => (await listRuns(cluster.ctx, TICK_JOB)).length
    await expect.poll(firings, { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(2)
    // Long enough for a second job of the latest minute to be forwarded (every 5 s) and run.
    await sleep(6000)

    const ticks = await listRuns(cluster.ctx, TICK_JOB)
    expect(ticks.length).toBeGreaterThanOrEqual(2)
    expect(ticks.every((t) => t.event === 'completed' && t.attempt === 0 && t.slot !== null)).toBe(true)
    expect(new Set(ticks.map((t) => t.jobId)).size).toBe(ticks.length)
    expect(new Set(ticks.map((t) => t.slot)).size).toBe(ticks.length)
    const minutes = ticks.map((t) => Date.parse(`${t.slot ?? ''}:00Z`))
    expect(minutes.slice(1).map((m, i) => m - (minutes[i] ?? 0))).toEqual(minutes.slice(1).map(() => 60_000))
    expect(ticks.every((t) => schedulers.some((s) => s.label === t.worker))).toBe(true)
  }, 200_000)

  it(`runs on a worker-only process the jobs an api-only process enqueues, the worker serving no HTTP (${BACKEND})`, async () => {
    const cluster = await startCluster()
    const api = await cluster.start('api', ['api'])
    const worker = await cluster.start('w', ['worker'])
    expect(worker.url).toBeNull()
    if (api.url === null) throw new Error('the api role serves no url')
    expect(await isListening(`${api.url}/healthz`)).toBe(true)

    const res = await createHttpClient(api.url)<{ taskId: string }>('POST', RECORD_ROUTE, { body: { note: 'hi' } })
    expect(res.status).toBe(202)

    await expect
      .poll(async () => (await cluster.ctx.jobs.getTask(res.body.taskId))?.state, { timeout: 20_000, interval: 200 })
      .toBe('completed')
    expect(summary(await runsOf(cluster, res.body.taskId))).toEqual([['completed', 0, 'w']])
    expect((await cluster.ctx.jobs.getTask(res.body.taskId))?.jobName).toBe(RECORD_JOB)
  }, 90_000)
})

describe('npm run worker (node src/main.ts --roles worker)', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it(`migrates ${BACKEND}, logs that it runs the worker role only, listens on no port and exits 0 on SIGTERM`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'madang-worker-role-test-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    let databaseUrl: Record<string, string> = {}
    if (BACKEND === 'postgres') {
      const created = await createEmptyPostgresDatabase()
      cleanups.push(() => created.drop())
      databaseUrl = { DATABASE_URL: created.url }
    }
    const port = await freePort()
    const child = spawnNode(['src/main.ts', '--roles', 'worker'], {
      APP_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: TEST_SECRET,
      DATA_DIR: dataDir,
      ...databaseUrl,
    })
    cleanups.push(async () => {
      await stopChild(child)
    })

    expect(await waitForLog(child, 'Madang is running')).toMatchObject({
      msg: 'Madang is running: worker',
      roles: ['worker'],
      database: BACKEND,
    })
    expect(await isListening(`http://127.0.0.1:${port}/healthz`)).toBe(false)
    expect(logLines(child.output()).some((line) => line.msg?.startsWith('Madang is serving') === true)).toBe(false)

    expect(await stopChild(child)).toEqual({ code: 0, signal: null })
  }, 60_000)
})
