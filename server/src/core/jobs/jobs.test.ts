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
})
