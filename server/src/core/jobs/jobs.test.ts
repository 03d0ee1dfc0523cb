import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createTestDatabase } from '../../test/database.ts'
import { systemClock } from '../clock.ts'
import type { Database } from '../db/index.ts'
import { runTransaction } from '../db/transaction.ts'
import { createMemoryLayer } from '../realtime/memory-layer.ts'
import { createRealtime } from '../realtime/index.ts'
import { createJobs, type Jobs } from './index.ts'
import { transitionTask } from './repository.ts'

let database: Database
let jobs: Jobs
const ran: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  const log = pino({ level: 'silent' })
  const layer = createMemoryLayer({ size: 10, ttlMs: 60_000, clock: systemClock })
  jobs = createJobs({
    database,
    realtime: createRealtime(layer, log),
    clock: systemClock,
    log,
    pollingIntervalSeconds: 0.5,
  })
  jobs.register([
    {
      name: 'test.echo',
      payload: Type.Object({ word: Type.String() }),
      async handle(payload: { word: string }, job) {
        ran.push(payload.word)
        await job.progress(50, 'half')
        return { echoed: payload.word }
      },
    },
  ])
  await jobs.startWorkers()
  // Registered after the workers started, so nothing in this process runs it.
  jobs.register([{ name: 'test.orphan', payload: Type.Object({}), retryLimit: 0, handle: async () => null }])
  await jobs.start()
}, 60_000)

afterAll(async () => {
  await jobs?.stop()
  await database?.close()
})

describe('jobs', () => {
  it('runs a committed job and records its result on the task', async () => {
    const { taskId } = await runTransaction(database.db, (tx) => jobs.enqueue(tx, 'test.echo', { word: 'hello' }))
    await expect
      .poll(async () => (await jobs.getTask(taskId))?.state, { timeout: 15_000, interval: 200 })
      .toBe('completed')
    expect((await jobs.getTask(taskId))?.result).toEqual({ echoed: 'hello' })
  })

  it('never runs a job whose transaction rolled back', async () => {
    let taskId = ''
    await expect(
      runTransaction(database.db, async (tx) => {
        taskId = (await jobs.enqueue(tx, 'test.echo', { word: 'ghost' })).taskId
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(await jobs.getTask(taskId)).toBeUndefined()
    expect(ran).not.toContain('ghost')
  })

  it('settles a task whose job pg-boss failed without a handler running (a worker that died on its last attempt)', async () => {
    const { taskId } = await runTransaction(database.db, (tx) => jobs.enqueue(tx, 'test.orphan', {}))
    // Another process's worker took the job and died: pg-boss holds it active, our task says active.
    const [job] = await jobs.boss.fetch('test.orphan')
    expect(job?.id).toBe(taskId)
    await transitionTask(database.db, taskId, ['queued'], { state: 'active', attempts: 1 })
    expect((await jobs.getTask(taskId))?.state).toBe('active')
    // Its lease expires on the last attempt: pg-boss fails the job; no handler ever reports it.
    await jobs.boss.fail('test.orphan', taskId, { message: 'lease expired' })
    const settled = await jobs.getTask(taskId)
    expect(settled).toMatchObject({ state: 'failed', error: { message: 'lease expired' } })
    expect(settled?.finishedAt).not.toBeNull()
  })
})
