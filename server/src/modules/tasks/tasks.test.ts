import type { AuthResult, EventFrame, Problem, Task, TaskRef } from '@madang/contracts'
import { TaskRef as TaskRefSchema } from '@madang/contracts'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireActor } from '../../core/auth/plugin.ts'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { openTestSocket } from '../../test/ws-client.ts'

/** A latch a test opens to let a held job finish. */
function latch() {
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

let server: TestServer
const gates = new Map<string, ReturnType<typeof latch>>()
let failures = 0

beforeAll(async () => {
  server = await startTestServer({ env: { JOBS_POLL_INTERVAL_SECONDS: '1' } })
  server.ctx.jobs.register([
    {
      name: 'test.held',
      payload: Type.Object({ gate: Type.String() }),
      retryLimit: 0,
      async handle(payload: { gate: string }, job) {
        await job.progress(30, 'waiting at the gate')
        const gate = gates.get(payload.gate)
        await Promise.race([
          gate?.opened,
          new Promise((_resolve, reject) => job.signal.addEventListener('abort', () => reject(new Error('aborted')))),
        ])
        return { gate: payload.gate }
      },
    },
    {
      name: 'test.broken',
      payload: Type.Object({}),
      retryLimit: 2,
      retryDelaySeconds: 0,
      retryBackoff: false,
      async handle() {
        failures += 1
        throw Object.assign(new Error(`broken on attempt ${failures}`), { code: 'test.broken' })
      },
    },
  ])
  await server.ctx.jobs.startWorkers()
}, 60_000)
afterAll(async () => server?.close())

async function signUp(): Promise<AuthResult> {
  return (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })).body
}

async function startHeld(ownerId: string, gate: string): Promise<string> {
  gates.set(gate, latch())
  const { taskId } = await server.ctx.transaction((tx) =>
    server.ctx.jobs.enqueue(tx, 'test.held', { gate }, { ownerId }),
  )
  return taskId
}

async function taskOf(token: string, id: string) {
  return server.http<Task & Problem>('GET', `/api/tasks/${id}`, { token })
}

async function waitForState(token: string, id: string, state: Task['state']) {
  await expect.poll(async () => (await taskOf(token, id)).body.state, { timeout: 20_000, interval: 200 }).toBe(state)
}

describe('GET /api/tasks/:id', () => {
  it('shows the owner a task from queued through active with progress to completed with its result', async () => {
    const me = await signUp()
    const token = me.tokens.accessToken
    const id = await startHeld(me.user.id, 'g1')
    const first = await taskOf(token, id)
    expect(first.status).toBe(200)
    expect(['queued', 'active']).toContain(first.body.state)
    await waitForState(token, id, 'active')
    expect((await taskOf(token, id)).body).toMatchObject({
      progress: 30,
      progressMessage: 'waiting at the gate',
      attempts: 1,
    })
    gates.get('g1')?.open()
    await waitForState(token, id, 'completed')
    expect((await taskOf(token, id)).body).toMatchObject({
      progress: 100,
      result: { gate: 'g1' },
      error: null,
      job: 'test.held',
    })
  })

  it("answers another user's task with 404 tasks.task_not_found", async () => {
    const owner = await signUp()
    const stranger = await signUp()
    const id = await startHeld(owner.user.id, 'g2')
    const res = await taskOf(stranger.tokens.accessToken, id)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('tasks.task_not_found')
    gates.get('g2')?.open()
  })

  it('answers a malformed id with 400, not 500', async () => {
    const me = await signUp()
    const res = await taskOf(me.tokens.accessToken, 'not-a-task-id')
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('http.validation_failed')
  })

  it('ends a job that always throws as failed after its retries, keeping the last error', async () => {
    const me = await signUp()
    const { taskId } = await server.ctx.transaction((tx) =>
      server.ctx.jobs.enqueue(tx, 'test.broken', {}, { ownerId: me.user.id }),
    )
    await waitForState(me.tokens.accessToken, taskId, 'failed')
    const task = (await taskOf(me.tokens.accessToken, taskId)).body
    expect(task.attempts).toBe(3)
    expect(task.error).toEqual({ message: 'broken on attempt 3', code: 'test.broken' })
    expect(task.finishedAt).not.toBeNull()
  })
})

describe('DELETE /api/tasks/:id', () => {
  it('cancels an active task and aborts its job', async () => {
    const me = await signUp()
    const id = await startHeld(me.user.id, 'g3')
    await waitForState(me.tokens.accessToken, id, 'active')
    const res = await server.http<Task>('DELETE', `/api/tasks/${id}`, { token: me.tokens.accessToken })
    expect(res.status).toBe(200)
    expect(res.body.state).toBe('cancelled')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await taskOf(me.tokens.accessToken, id)).body.state).toBe('cancelled')
  })

  it('refuses to cancel a finished task with 409 tasks.task_finished', async () => {
    const me = await signUp()
    const id = await startHeld(me.user.id, 'g4')
    gates.get('g4')?.open()
    await waitForState(me.tokens.accessToken, id, 'completed')
    const res = await server.http<Problem>('DELETE', `/api/tasks/${id}`, { token: me.tokens.accessToken })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('tasks.task_finished')
  })
})

describe('background work from a request', () => {
  it('answers 202 with the task id while the job is still held, so the request never waits for the work', async () => {
    const extra = await startTestServer({
      env: { JOBS_POLL_INTERVAL_SECONDS: '1' },
      extend: (app) => {
        app.post(
          '/api/test/slow',
          { schema: { hide: true, response: { 202: TaskRefSchema } }, onRequest: app.authenticate },
          async (request, reply) => {
            const actor = requireActor(request)
            const { taskId } = await extra.ctx.transaction((tx) =>
              extra.ctx.jobs.enqueue(tx, 'test.held', { gate: 'slow' }, { ownerId: actor.userId }),
            )
            return reply.code(202).send({ taskId, state: 'queued' })
          },
        )
      },
    })
    try {
      const gate = latch()
      let jobFinished = false
      extra.ctx.jobs.register([
        {
          name: 'test.held',
          payload: Type.Object({ gate: Type.String() }),
          async handle() {
            await gate.opened
            jobFinished = true
            return null
          },
        },
      ])
      await extra.ctx.jobs.startWorkers()
      const me = (await extra.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })).body
      const socket = await openTestSocket(extra.url, { token: me.tokens.accessToken })
      await socket.next((f) => f.type === 'welcome')
      const res = await extra.http<TaskRef>('POST', '/api/test/slow', { token: me.tokens.accessToken })
      expect(res.status).toBe(202)
      expect(jobFinished).toBe(false)
      await expect
        .poll(async () => (await extra.ctx.jobs.getTask(res.body.taskId))?.state, { timeout: 20_000 })
        .toBe('active')
      expect(jobFinished).toBe(false)
      gate.open()
      const done = await socket.next<EventFrame<Task>>(
        (f) => f.type === 'event' && f.event === 'tasks.task_changed' && (f.data as Task).state === 'completed',
        20_000,
      )
      expect(done.data.id).toBe(res.body.taskId)
      const states = socket.frames
        .filter((f): f is EventFrame<Task> => f.type === 'event' && f.event === 'tasks.task_changed')
        .map((f) => f.data.state)
      expect(states).toEqual(['queued', 'active', 'completed'])
      socket.close()
    } finally {
      await extra.close()
    }
  })
})
