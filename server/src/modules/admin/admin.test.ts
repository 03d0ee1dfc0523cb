import type { AuthResult, JobsOverview, Problem, Task } from '@madang/contracts'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { ensureStaffUser } from '../accounts/index.ts'

let server: TestServer
let staffToken: string
let userToken: string
let shouldFail = true

beforeAll(async () => {
  server = await startTestServer({ env: { JOBS_POLL_INTERVAL_SECONDS: '1' } })
  server.ctx.jobs.register([
    {
      name: 'test.flaky',
      payload: Type.Object({ n: Type.Integer() }),
      retryLimit: 0,
      async handle(payload: { n: number }) {
        if (shouldFail) throw new Error(`flaky ${payload.n} failed`)
        return { n: payload.n }
      },
    },
  ])
  await server.ctx.jobs.startWorkers()
  const staff = newUserInput()
  await ensureStaffUser(server.ctx, staff)
  const signIn = await server.http<AuthResult>('POST', '/api/accounts/signin', {
    body: { login: staff.username, password: staff.password },
  })
  staffToken = signIn.body.tokens.accessToken
  userToken = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })).body.tokens
    .accessToken
}, 60_000)
afterAll(async () => server?.close())

async function failedTask(n: number): Promise<string> {
  const { taskId } = await server.ctx.transaction((tx) => server.ctx.jobs.enqueue(tx, 'test.flaky', { n }))
  await expect.poll(async () => (await server.ctx.jobs.getTask(taskId))?.state, { timeout: 20_000 }).toBe('failed')
  return taskId
}

describe('GET /api/admin/jobs', () => {
  it('shows staff the counts per job and state and the recent failures with their errors', async () => {
    shouldFail = true
    const id = await failedTask(1)
    const res = await server.http<JobsOverview>('GET', '/api/admin/jobs', { token: staffToken })
    expect(res.status).toBe(200)
    const flaky = res.body.queues.find((q) => q.job === 'test.flaky')
    expect(flaky?.counts.failed).toBeGreaterThanOrEqual(1)
    expect(flaky?.counts).toMatchObject({ queued: expect.any(Number), completed: expect.any(Number) })
    expect(res.body.recentFailures.find((f) => f.id === id)).toMatchObject({
      job: 'test.flaky',
      state: 'failed',
      error: { message: 'flaky 1 failed' },
    })
  })

  it('refuses a user who is not staff with 403 auth.forbidden', async () => {
    const res = await server.http<Problem>('GET', '/api/admin/jobs', { token: userToken })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('auth.forbidden')
  })
})

describe('retrying and cancelling jobs', () => {
  it('lets staff retry a failed job, which then completes', async () => {
    shouldFail = true
    const id = await failedTask(2)
    shouldFail = false
    const res = await server.http<Task>('POST', `/api/admin/jobs/${id}/retry`, { token: staffToken })
    expect(res.status).toBe(200)
    expect(res.body.state).toBe('queued')
    await expect.poll(async () => (await server.ctx.jobs.getTask(id))?.state, { timeout: 20_000 }).toBe('completed')
    expect((await server.ctx.jobs.getTask(id))?.result).toEqual({ n: 2 })
  })

  it('lets staff resume a cancelled job, which then runs', async () => {
    shouldFail = false
    const { taskId } = await server.ctx.transaction((tx) =>
      server.ctx.jobs.enqueue(tx, 'test.flaky', { n: 4 }, { startAfter: new Date(Date.now() + 1500) }),
    )
    const cancelled = await server.http<Task>('POST', `/api/admin/jobs/${taskId}/cancel`, { token: staffToken })
    expect(cancelled.body.state).toBe('cancelled')
    const resumed = await server.http<Task>('POST', `/api/admin/jobs/${taskId}/retry`, { token: staffToken })
    expect(resumed.status).toBe(200)
    expect(resumed.body.state).toBe('queued')
    await expect.poll(async () => (await server.ctx.jobs.getTask(taskId))?.state, { timeout: 20_000 }).toBe('completed')
  })

  it('refuses to retry a job that did not fail with 409 tasks.task_not_retryable', async () => {
    shouldFail = false
    const { taskId } = await server.ctx.transaction((tx) => server.ctx.jobs.enqueue(tx, 'test.flaky', { n: 3 }))
    await expect.poll(async () => (await server.ctx.jobs.getTask(taskId))?.state, { timeout: 20_000 }).toBe('completed')
    const res = await server.http<Problem>('POST', `/api/admin/jobs/${taskId}/retry`, { token: staffToken })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('tasks.task_not_retryable')
  })

  it('answers an unknown job id with 404 and a non-staff retry with 403', async () => {
    const unknown = await server.http<Problem>('POST', '/api/admin/jobs/00000000-0000-4000-8000-000000000000/retry', {
      token: staffToken,
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('tasks.task_not_found')
    const forbidden = await server.http<Problem>(
      'POST',
      '/api/admin/jobs/00000000-0000-4000-8000-000000000000/cancel',
      {
        token: userToken,
      },
    )
    expect(forbidden.status).toBe(403)
  })
})
