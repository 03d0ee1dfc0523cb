import { randomUUID } from 'node:crypto'
import { TASK_CHANGED_EVENT, type Task } from '@madang/contracts'
import { sql } from 'drizzle-orm'
import { PgBoss, fromDrizzle, fromPglite, type DrizzleTransactionLike, type JobWithMetadata } from 'pg-boss'
import type { Logger } from 'pino'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { Clock } from '../clock.ts'
import type { Database, Executor } from '../db/index.ts'
import { afterCommit } from '../db/transaction.ts'
import type { Realtime } from '../realtime/index.ts'
import { userChannel } from '../realtime/channels.ts'
import {
  countTasksByState,
  deleteTask,
  findTask,
  insertTask,
  listRecentFailures,
  transitionTask,
} from './repository.ts'
import type { TaskRow, TaskState } from './tables.ts'

/**
 * Background jobs on pg-boss, in the same PostgreSQL (or PGlite) as the data. A job is enqueued in
 * the caller's transaction, so a rolled-back change never runs its job and a committed one never
 * loses it. Each job has a task row that its owner can read and is told about on `user:<id>`.
 */

export interface JobContext {
  jobId: string
  /** 0 on the first run, then 1, 2, … on retries. */
  attempt: number
  /** True when a failure of this run is final (no retries left). */
  isLastAttempt: boolean
  /** Aborted when the job is cancelled, times out, or the worker stops. */
  signal: AbortSignal
  /** Records progress (0-100) and tells the task's owner. */
  progress(percent: number, message?: string): Promise<void>
}

export interface JobDefinition<P = unknown> {
  /** `<module>.<verb-noun>`, e.g. `mail.broadcast`. */
  name: string
  payload: TSchema
  /** Retries after the first failure. */
  retryLimit?: number
  retryDelaySeconds?: number
  retryBackoff?: boolean
  /** How long one run may take before it is failed (and retried); also the lease a worker holds. */
  timeoutSeconds?: number
  /** Must be idempotent: a retried or re-leased job runs again. */
  handle(payload: P, job: JobContext): Promise<unknown>
}

/** A job fired on a schedule, like celery beat. Each firing runs once however many schedulers run. */
export interface CronEntry {
  job: string
  cron: string
  timeZone: string
  payload?: Record<string, unknown>
  /** Tells apart several schedules of one job. */
  key?: string
}

/** Throttling of a job by key: one job per key and slot of `seconds`. */
export interface Throttle {
  key: string
  seconds: number
}

export interface EnqueueOptions {
  /** The user who may see the task and is told about its progress. */
  ownerId?: string
  startAfter?: Date
}

export interface Jobs {
  register(definitions: readonly JobDefinition<never>[]): void
  /** Enqueues inside `tx` (or at once with the plain executor); returns the task id, which is the job id. */
  enqueue(tx: Executor, name: string, payload: unknown, options?: EnqueueOptions): Promise<{ taskId: string }>
  /**
   * Like enqueue, but at most one job of `name` per `throttle.key` in each `throttle.seconds`-long
   * slot (pg-boss singletonKey + singletonSeconds); a call whose slot already has its job creates
   * nothing and returns null.
   */
  enqueueThrottled(
    tx: Executor,
    name: string,
    payload: unknown,
    throttle: Throttle,
    options?: EnqueueOptions,
  ): Promise<{ taskId: string } | null>
  getTask(id: string): Promise<TaskRow | undefined>
  /** Cancels a queued, retrying or active task; false when it had already finished. */
  cancel(taskId: string): Promise<boolean>
  /** Puts a failed task back in the queue. */
  retry(taskId: string): Promise<boolean>
  /** Counts per job and state, and the latest failures, for the staff's job page. */
  overview(
    failureLimit?: number,
  ): Promise<{ counts: Array<{ jobName: string; state: TaskState; count: number }>; failures: TaskRow[] }>
  /**
   * Starts pg-boss and creates the queue of every job registered so far. enqueue does both lazily,
   * but on PGlite (one connection) not inside a transaction, which holds that connection: a process
   * calls this before it serves (main.ts does, whatever its roles).
   */
  start(): Promise<void>
  startWorkers(): Promise<void>
  startScheduler(cron: readonly CronEntry[]): Promise<void>
  readonly boss: PgBoss
  stop(): Promise<void>
}

export interface JobsOptions {
  database: Database
  realtime: Realtime
  clock: Clock
  log: Logger
  /** How often idle workers poll for new jobs. */
  pollingIntervalSeconds?: number
  /** Workers per queue in this process. */
  concurrency?: number
  /** Whether this process fires cron entries (the scheduler role). */
  runsScheduler?: boolean
}

const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, timeoutSeconds: 15 * 60 }

export function createJobs(options: JobsOptions): Jobs {
  const { database, log } = options
  const schedule = options.runsScheduler ?? false
  const boss =
    database.pglite !== undefined
      ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite', schedule })
      : new PgBoss({ connectionString: database.url, max: 4, schedule })
  boss.on('error', (err) => log.error({ err }, 'job queue error'))
  const definitions = new Map<string, { def: JobDefinition<never>; check: ReturnType<typeof Compile> }>()
  let started: Promise<void> | null = null
  const start = () => {
    started ??= boss.start().then(() => undefined)
    return started
  }
  const queues = new Map<string, Promise<void>>()
  const createdQueues = new Set<string>()
  /** Creates a job's queue once, with its retry and timeout policy. */
  const ensureQueue = async (def: JobDefinition<never>) => {
    await start()
    let created = queues.get(def.name)
    if (created === undefined) {
      created = boss
        .createQueue(def.name, {
          retryLimit: def.retryLimit ?? DEFAULTS.retryLimit,
          retryDelay: def.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
          retryBackoff: def.retryBackoff ?? DEFAULTS.retryBackoff,
          expireInSeconds: def.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
        })
        .then(() => {
          createdQueues.add(def.name)
        })
      queues.set(def.name, created)
    }
    await created
  }

  const publish = (row: TaskRow | undefined) => {
    if (row?.ownerId != null) options.realtime.publish(userChannel(row.ownerId), TASK_CHANGED_EVENT, presentTask(row))
  }
  const now = () => options.clock.now()

  async function run(def: JobDefinition<never>, job: JobWithMetadata<unknown>): Promise<unknown> {
    const entry = definitions.get(def.name)
    if (entry !== undefined && !entry.check.Check(job.data)) {
      throw new Error(`payload of ${def.name} does not match its schema`)
    }
    const started = {
      state: 'active' as const,
      attempts: job.retryCount + 1,
      startedAt: now(),
      updatedAt: now(),
    }
    const row = await transitionTask(database.db, job.id, ['queued', 'retrying', 'active'], started)
    if (row === undefined) {
      const existing = await findTask(database.db, job.id)
      // A task cancelled or finished meanwhile is not run again.
      if (existing !== undefined) return existing.result ?? null
      // Jobs fired by the scheduler have no task row yet: give them one so they can be watched.
      await insertTask(database.db, { id: job.id, jobName: def.name, createdAt: job.createdOn, ...started })
    }
    publish(row)
    const context: JobContext = {
      jobId: job.id,
      attempt: job.retryCount,
      isLastAttempt: job.retryCount >= job.retryLimit,
      signal: job.signal,
      async progress(percent, message) {
        const clamped = Math.max(0, Math.min(100, Math.round(percent)))
        publish(
          await transitionTask(database.db, job.id, ['active'], {
            progress: clamped,
            progressMessage: message ?? null,
            updatedAt: now(),
          }),
        )
      },
    }
    try {
      const result = await def.handle(job.data as never, context)
      publish(
        await transitionTask(database.db, job.id, ['active'], {
          state: 'completed',
          progress: 100,
          result: result ?? null,
          error: null,
          finishedAt: now(),
          updatedAt: now(),
        }),
      )
      return result ?? null
    } catch (error) {
      const isLast = job.retryCount >= job.retryLimit
      const message = error instanceof Error ? error.message : String(error)
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined
      publish(
        await transitionTask(database.db, job.id, ['active'], {
          state: isLast ? 'failed' : 'retrying',
          error: code === undefined ? { message } : { message, code },
          ...(isLast && { finishedAt: now() }),
          updatedAt: now(),
        }),
      )
      log.warn({ err: error, job: def.name, jobId: job.id, attempt: job.retryCount }, 'job failed')
      throw error
    }
  }

  async function enqueueJob(
    tx: Executor,
    name: string,
    payload: unknown,
    enqueueOptions: EnqueueOptions,
    throttle: Throttle | null,
  ): Promise<{ taskId: string } | null> {
    const entry = definitions.get(name)
    if (entry === undefined) throw new Error(`no job named ${name} is registered`)
    if (!entry.check.Check(payload)) throw new Error(`payload of ${name} does not match its schema`)
    if (database.pglite !== undefined && tx !== database.db && !createdQueues.has(name)) {
      // pg-boss would create the queue over PGlite's one connection, which `tx` holds: it would wait forever.
      throw new Error(`the queue of ${name} does not exist yet: call jobs.start() before enqueueing in a transaction`)
    }
    await ensureQueue(entry.def)
    const id = randomUUID()
    const at = now()
    await insertTask(tx, {
      id,
      ownerId: enqueueOptions.ownerId ?? null,
      jobName: name,
      state: 'queued',
      createdAt: at,
      updatedAt: at,
    })
    const sent = await boss.send(name, payload as object, {
      id,
      startAfter: enqueueOptions.startAfter,
      ...(throttle !== null && { singletonKey: throttle.key, singletonSeconds: throttle.seconds }),
      // Drizzle's executor returns the driver's result shape, which is what the adapter reads.
      db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
    })
    if (sent === null) {
      // The slot already has its job: this call creates none, so it keeps no task either.
      await deleteTask(tx, id)
      return null
    }
    const task = await findTask(tx, id)
    afterCommit(() => publish(task))
    return { taskId: id }
  }

  /**
   * A worker that died on a job's last attempt never updates its task: pg-boss fails the job when
   * the lease expires. Reading an unfinished task therefore checks pg-boss's own state and settles
   * the task from it.
   */
  async function reconcile(task: TaskRow): Promise<TaskRow> {
    await start()
    const [job] = await boss.findJobs<unknown>(task.jobName, { id: task.id })
    if (job?.state === 'retry' && task.state === 'active') {
      const retrying = await transitionTask(database.db, task.id, ['active'], { state: 'retrying', updatedAt: now() })
      publish(retrying)
      return retrying ?? task
    }
    if (job === undefined || (job.state !== 'failed' && job.state !== 'completed' && job.state !== 'cancelled')) {
      return task
    }
    const output = job.output as { message?: unknown } | null
    const settled = await transitionTask(database.db, task.id, ['queued', 'active', 'retrying'], {
      state: job.state,
      ...(job.state === 'failed' && {
        error: {
          message: typeof output?.message === 'string' ? output.message : 'the job failed (its worker stopped)',
        },
      }),
      ...(job.state === 'completed' && { result: output ?? null, progress: 100 }),
      finishedAt: job.completedOn ?? now(),
      updatedAt: now(),
    })
    publish(settled)
    return settled ?? task
  }

  return {
    boss,
    register(defs) {
      for (const def of defs) {
        if (definitions.has(def.name)) throw new Error(`job ${def.name} is defined twice`)
        definitions.set(def.name, { def, check: Compile(def.payload) })
      }
    },
    async enqueue(tx, name, payload, enqueueOptions = {}) {
      const queued = await enqueueJob(tx, name, payload, enqueueOptions, null)
      // Only a throttled send can be refused; a plain one always inserts its job.
      if (queued === null) throw new Error(`the queue of ${name} refused the job`)
      return queued
    },
    enqueueThrottled: (tx, name, payload, throttle, enqueueOptions = {}) =>
      enqueueJob(tx, name, payload, enqueueOptions, throttle),
    async getTask(id) {
      const task = await findTask(database.db, id)
      if (task === undefined || !['queued', 'active', 'retrying'].includes(task.state)) return task
      return reconcile(task)
    },
    async overview(failureLimit = 20) {
      const [counts, failures] = await Promise.all([
        countTasksByState(database.db),
        listRecentFailures(database.db, failureLimit),
      ])
      return { counts, failures }
    },
    async cancel(taskId) {
      const task = await findTask(database.db, taskId)
      if (task === undefined) return false
      const row = await transitionTask(database.db, taskId, ['queued', 'retrying', 'active'], {
        state: 'cancelled',
        finishedAt: now(),
        updatedAt: now(),
      })
      if (row === undefined) return false
      await start()
      await boss.cancel(task.jobName, taskId)
      publish(row)
      return true
    },
    async retry(taskId) {
      const task = await findTask(database.db, taskId)
      if (task === undefined) return false
      const row = await transitionTask(database.db, taskId, ['failed', 'cancelled'], {
        state: 'queued',
        finishedAt: null,
        error: null,
        updatedAt: now(),
      })
      if (row === undefined) return false
      await start()
      // pg-boss retries only failed jobs; a cancelled one is resumed instead.
      const response = (
        task.state === 'cancelled' ? await boss.resume(task.jobName, taskId) : await boss.retry(task.jobName, taskId)
      ) as { affected?: number } // pg-boss's typings leave CommandResponse empty
      if (response.affected === 0) {
        await transitionTask(database.db, taskId, ['queued'], {
          state: task.state,
          finishedAt: task.finishedAt,
          updatedAt: now(),
        })
        return false
      }
      publish(row)
      return true
    },
    async start() {
      await start()
      for (const { def } of definitions.values()) await ensureQueue(def)
    },
    async startWorkers() {
      for (const { def } of definitions.values()) {
        await ensureQueue(def)
        await boss.work(
          def.name,
          {
            includeMetadata: true,
            batchSize: 1,
            localConcurrency: options.concurrency ?? 2,
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
          },
          async ([job]) => (job === undefined ? null : run(def, job)),
        )
      }
    },
    async startScheduler(cron) {
      for (const entry of cron) {
        const known = definitions.get(entry.job)
        if (known === undefined) throw new Error(`cron entry names unknown job ${entry.job}`)
        await ensureQueue(known.def)
        await boss.schedule(entry.job, entry.cron, entry.payload ?? {}, { tz: entry.timeZone, key: entry.key })
      }
    },
    async stop() {
      if (started === null) return
      await started.catch(() => {})
      await boss.stop({ graceful: true, timeout: 10_000, close: true })
    },
  }
}

export function presentTask(row: TaskRow): Task {
  return {
    id: row.id,
    job: row.jobName,
    state: row.state,
    progress: row.progress,
    progressMessage: row.progressMessage,
    result: row.result ?? null,
    error: row.error ?? null,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type { TaskRow, TaskState }
