import { randomUUID } from 'node:crypto'
import type { BreakdownResult, EventFrame, SubtodoList, Task, TaskRef } from '@madang/contracts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../config/index.ts'
import { createManualClock } from '../../core/clock.ts'
import {
  completion,
  startLlmServer,
  systemPrompt,
  userPrompt,
  type ReceivedRequest,
  type TestLlmServer,
} from '../../test/llm-server.ts'
import { newUserInput, startTestServer, type HttpResponse, type TestServer } from '../../test/server.ts'
import { openTestSocket } from '../../test/ws-client.ts'
import { ensureStaffUser } from '../accounts/index.ts'
import {
  addCategory,
  addSubtodos,
  addTodo,
  expectProblem,
  getTodo,
  newPlannerUser,
  signIn,
  type PlannerUser,
} from './testing.ts'

const EN_STEPS = [
  { content: 'Outline the report', estimatedMinutes: 45 },
  { content: 'Write the first draft', estimatedMinutes: 60 },
  { content: 'Proofread and send', estimatedMinutes: 30 },
]
const KO_STEPS = [
  { content: '목차 잡기', estimatedMinutes: 40 },
  { content: '초안 쓰기', estimatedMinutes: 60 },
  { content: '검토 후 보내기', estimatedMinutes: 30 },
]

/** Answers like a model that follows the prompt's language rule. */
function answerInTheTodosLanguage(request: ReceivedRequest) {
  return { json: completion({ steps: systemPrompt(request).includes('Korean') ? KO_STEPS : EN_STEPS }) }
}

let llm: TestLlmServer
let server: TestServer
/** Tasks a test started on `server` and did not wait for: the next test starts once they are done. */
const started: Array<{ target: TestServer; user: PlannerUser; taskId: string }> = []

beforeAll(async () => {
  llm = await startLlmServer()
  llm.answerWith(answerInTheTodosLanguage)
  server = await startTestServer({
    env: {
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'test-model',
      LLM_TIMEOUT_MS: '1000',
      JOBS_POLL_INTERVAL_SECONDS: '1',
    },
  })
  await server.ctx.jobs.startWorkers()
}, 60_000)
afterEach(async () => {
  for (const { target, user, taskId } of started.splice(0)) await finished(target, user, taskId)
  llm.reset()
  llm.answerWith(answerInTheTodosLanguage)
}, 60_000)
afterAll(async () => {
  await server?.close()
  await llm?.close()
})

async function userWithTodo(target: TestServer, body: Record<string, unknown> = {}, signUp = {}) {
  const me = await newPlannerUser(target, signUp)
  const category = await addCategory(me)
  const todo = await addTodo(me, category.id, body)
  return { me, category, todo }
}

/** Asks for a breakdown; a task it starts is waited for before the next test. */
async function requestBreakdown(
  target: TestServer,
  user: PlannerUser,
  path: string,
  body: Record<string, unknown> = {},
): Promise<HttpResponse<TaskRef>> {
  const res = await user.call<TaskRef>('POST', path, body)
  if (res.status === 202) started.push({ target, user, taskId: res.body.taskId })
  return res
}

/** Polls the task until it has finished, and returns it. */
async function finished(target: TestServer, user: PlannerUser, taskId: string): Promise<Task> {
  const read = async () => (await target.http<Task>('GET', `/api/tasks/${taskId}`, { token: user.token })).body
  await expect
    .poll(async () => (await read()).state, { timeout: 30_000, interval: 200 })
    .toMatch(/^(completed|failed)$/)
  return read()
}

/** Starts a breakdown, expects 202 and returns the finished task. */
async function breakDown(
  target: TestServer,
  user: PlannerUser,
  path: string,
  body: Record<string, unknown> = {},
): Promise<Task> {
  const res = await requestBreakdown(target, user, path, body)
  expect(res.status).toBe(202)
  expect(res.body.state).toBe('queued')
  return finished(target, user, res.body.taskId)
}

function resultOf(task: Task): BreakdownResult {
  expect(task.state).toBe('completed')
  return task.result as BreakdownResult
}

describe('POST /api/planner/todos/:id/breakdown with a language model', () => {
  it('answers 202 at once and completes the task with the proposals, reporting progress on the way', async () => {
    llm.answerWith(answerInTheTodosLanguage)
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report', memo: 'Q3 numbers' })
    const socket = await openTestSocket(server.url, { token: me.token })
    await socket.next((f) => f.type === 'welcome')

    const res = await requestBreakdown(server, me, `/todos/${todo.id}/breakdown`)
    expect(res.status).toBe(202)
    const task = await finished(server, me, res.body.taskId)

    expect(task).toMatchObject({ job: 'planner.breakdown', state: 'completed', progress: 100, error: null })
    expect(resultOf(task)).toEqual({
      source: 'llm',
      model: 'fake-model-2025-01-01',
      parentType: 'todo',
      parentId: todo.id,
      todoId: todo.id,
      proposals: EN_STEPS,
    })
    expect(llm.requests).toHaveLength(1)
    expect(llm.requests[0]?.body.model).toBe('test-model')
    expect(userPrompt(llm.requests[0])).toContain('Write the quarterly report')
    expect(userPrompt(llm.requests[0])).toContain('Q3 numbers')
    expect(systemPrompt(llm.requests[0])).toContain('about one hour each')

    await socket.next(
      (f) => f.type === 'event' && f.event === 'tasks.task_changed' && (f.data as Task).state === 'completed',
    )
    const changes = socket.frames
      .filter((f): f is EventFrame<Task> => f.type === 'event' && f.event === 'tasks.task_changed')
      .map((f) => f.data)
      .filter((t) => t.id === res.body.taskId)
    expect(changes.map((t) => t.progress)).toEqual(expect.arrayContaining([10, 90, 100]))
    expect(changes.at(-1)?.state).toBe('completed')
    socket.close()
  })

  it('saves nothing: the todo has no subtodos until the chosen proposals are applied in one call, in order', async () => {
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report', date: '2025-06-02' })
    const { proposals } = resultOf(await breakDown(server, me, `/todos/${todo.id}/breakdown`))
    expect((await getTodo(me, todo.id)).subtodos).toEqual([])

    const chosen = [proposals[2], proposals[0]].map((p) => ({ content: p?.content ?? '' }))
    const applied = await me.call<SubtodoList>('POST', `/todos/${todo.id}/subtodos`, { items: chosen })
    expect(applied.status).toBe(201)
    const saved = (await getTodo(me, todo.id)).subtodos
    expect(saved.map((s) => [s.content, s.date])).toEqual([
      ['Proofread and send', '2025-06-02'],
      ['Outline the report', '2025-06-02'],
    ])
  })

  it("asks in Korean for a Korean todo and returns the model's Korean proposals", async () => {
    const { me, todo } = await userWithTodo(server, { content: '분기 보고서 작성' })
    const result = resultOf(await breakDown(server, me, `/todos/${todo.id}/breakdown`))
    expect(systemPrompt(llm.requests[0])).toContain('write every step in Korean (한국어)')
    expect(userPrompt(llm.requests[0])).toContain('분기 보고서 작성')
    expect(result.proposals).toEqual(KO_STEPS)
  })

  it("uses the owner's language for a todo whose text shows none", async () => {
    const { me, todo } = await userWithTodo(server, { content: '2025' }, { locale: 'ko' })
    await breakDown(server, me, `/todos/${todo.id}/breakdown`)
    expect(systemPrompt(llm.requests[0])).toContain('Write every step in Korean (한국어).')
  })

  it('passes count and detail on to the model', async () => {
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report' })
    const result = resultOf(await breakDown(server, me, `/todos/${todo.id}/breakdown`, { count: 2, detail: 'fine' }))
    expect(systemPrompt(llm.requests[0])).toContain('about 15-30 minutes each')
    expect(systemPrompt(llm.requests[0])).toContain('return exactly 2 steps')
    expect(result.proposals).toEqual(EN_STEPS.slice(0, 2))
  })

  it('accepts a request without a body', async () => {
    const { me, todo } = await userWithTodo(server)
    const res = await server.http<TaskRef>('POST', `/api/planner/todos/${todo.id}/breakdown`, { token: me.token })
    expect(res.status).toBe(202)
    started.push({ target: server, user: me, taskId: res.body.taskId })
  })

  it.each([
    { body: { count: 0 }, pointer: '/body/count' },
    { body: { count: 11 }, pointer: '/body/count' },
    { body: { detail: 'huge' }, pointer: '/body/detail' },
    { body: { tone: 'friendly' }, pointer: '/body/tone' },
  ])('answers 400 for $body and starts nothing', async ({ body, pointer }) => {
    const { me, todo } = await userWithTodo(server)
    const res = await me.call('POST', `/todos/${todo.id}/breakdown`, body)
    expectProblem(res, 400, 'http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toContain(pointer)
    // A refused request costs no cooldown.
    expect((await requestBreakdown(server, me, `/todos/${todo.id}/breakdown`)).status).toBe(202)
  })

  it("answers 404 planner.todo_not_found for another user's todo or an unknown one, without using the cooldown", async () => {
    const { todo: theirs } = await userWithTodo(server)
    const { me, todo: mine } = await userWithTodo(server)
    expectProblem(await me.call('POST', `/todos/${theirs.id}/breakdown`, {}), 404, 'planner.todo_not_found')
    expectProblem(await me.call('POST', `/todos/${randomUUID()}/breakdown`, {}), 404, 'planner.todo_not_found')
    expect((await requestBreakdown(server, me, `/todos/${mine.id}/breakdown`)).status).toBe(202)
    expect(llm.requests.every((r) => !userPrompt(r).includes(theirs.content))).toBe(true)
  })
})

describe('the per-user breakdown cooldown', () => {
  it('answers a second breakdown within 10 s with 429 planner.breakdown_cooldown and Retry-After', async () => {
    const { me, todo } = await userWithTodo(server)
    const other = await addTodo(me, todo.categoryId)
    expect((await requestBreakdown(server, me, `/todos/${todo.id}/breakdown`)).status).toBe(202)
    const res = await me.call('POST', `/todos/${other.id}/breakdown`, {})
    expectProblem(res, 429, 'planner.breakdown_cooldown')
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(10)
    expect(res.body.detail).toContain(String(retryAfter))
  })

  it('lets exactly one of 5 concurrent breakdowns by one user through', async () => {
    const { me, todo } = await userWithTodo(server)
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        requestBreakdown(server, me, `/todos/${todo.id}/breakdown`).then((r) => r.status),
      ),
    )
    expect(statuses.sort()).toEqual([202, 429, 429, 429, 429])
  })

  it('keeps users apart: one user waiting does not hold up another', async () => {
    const first = await userWithTodo(server)
    const second = await userWithTodo(server)
    expect((await requestBreakdown(server, first.me, `/todos/${first.todo.id}/breakdown`)).status).toBe(202)
    expect((await requestBreakdown(server, second.me, `/todos/${second.todo.id}/breakdown`)).status).toBe(202)
  })

  it('never holds up staff', async () => {
    const login = newUserInput()
    await ensureStaffUser(server.ctx, login)
    const staff = await signIn(server, login)
    const category = await addCategory(staff)
    const todo = await addTodo(staff, category.id)
    for (let i = 0; i < 3; i++) {
      expect((await requestBreakdown(server, staff, `/todos/${todo.id}/breakdown`)).status).toBe(202)
    }
  })
})

describe('a breakdown the provider cannot deliver', () => {
  async function failedBreakdown() {
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report' })
    const task = await breakDown(server, me, `/todos/${todo.id}/breakdown`)
    expect(task.state).toBe('failed')
    expect(task.result).toBeNull()
    expect((await getTodo(me, todo.id)).subtodos).toEqual([])
    return task
  }

  it('ends the task failed with llm.provider_error after one retry when the provider answers 500', async () => {
    llm.answerWith(() => ({ status: 500, json: { error: { message: 'The server is overloaded' } } }))
    const task = await failedBreakdown()
    expect(task.error).toEqual({
      code: 'llm.provider_error',
      message: 'The language model provider answered HTTP 500: The server is overloaded',
    })
    expect(task.attempts).toBe(2)
    expect(llm.requests).toHaveLength(2)
  })

  it('ends the task failed with llm.malformed_output when the answer is not the promised JSON', async () => {
    llm.answerWith(() => ({ json: completion('Sure! 1. Outline 2. Draft') }))
    const task = await failedBreakdown()
    expect(task.error).toEqual({
      code: 'llm.malformed_output',
      message: "The language model's answer was not usable: not JSON",
    })
    expect(task.attempts).toBe(2)
  })

  it('ends the task failed with llm.timeout when the provider does not answer in LLM_TIMEOUT_MS', async () => {
    llm.answerWith(() => 'hang')
    const task = await failedBreakdown()
    expect(task.error).toEqual({
      code: 'llm.timeout',
      message: 'The language model did not answer within 1000 ms',
    })
  })

  it('ends the task failed with llm.refused when the model declines', async () => {
    llm.answerWith(() => ({ json: completion(null, { refusal: "I can't help with that." }) }))
    const task = await failedBreakdown()
    expect(task.error?.code).toBe('llm.refused')
  })

  it('completes on the retry when the provider fails once and then answers', async () => {
    let calls = 0
    llm.answerWith((request) => {
      calls += 1
      return calls === 1 ? { status: 503, json: { error: { message: 'busy' } } } : answerInTheTodosLanguage(request)
    })
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report' })
    const task = await breakDown(server, me, `/todos/${todo.id}/breakdown`)
    expect(task).toMatchObject({ state: 'completed', attempts: 2, error: null })
    expect(resultOf(task).proposals).toEqual(EN_STEPS)
  })
})

describe('POST /api/planner/subtodos/:id/breakdown', () => {
  it('breaks a subtodo down further, and split places the chosen steps right after it', async () => {
    const { me, todo } = await userWithTodo(server, { content: 'Write the quarterly report' })
    const [first, middle, last] = await addSubtodos(me, todo.id, ['Collect numbers', 'Write the draft', 'Send'])
    const result = resultOf(await breakDown(server, me, `/subtodos/${middle?.id}/breakdown`, { detail: 'fine' }))
    expect(result).toMatchObject({ parentType: 'subtodo', parentId: middle?.id, todoId: todo.id, source: 'llm' })
    expect(userPrompt(llm.requests[0])).toContain('Write the draft')
    expect(userPrompt(llm.requests[0])).not.toContain('quarterly')

    const chosen = result.proposals.slice(0, 2).map((p) => ({ content: p.content }))
    const split = await me.call<SubtodoList>('POST', `/subtodos/${middle?.id}/split`, { items: chosen, replace: true })
    expect(split.status).toBe(201)
    const subtodos = (await getTodo(me, todo.id)).subtodos
    expect(subtodos.map((s) => s.content)).toEqual([
      'Collect numbers',
      'Outline the report',
      'Write the first draft',
      'Send',
    ])
    expect(subtodos[0]?.id).toBe(first?.id)
    expect(subtodos[3]?.id).toBe(last?.id)
  })

  it("answers 404 planner.subtodo_not_found for another user's subtodo", async () => {
    const { me: owner, todo } = await userWithTodo(server)
    const [theirs] = await addSubtodos(owner, todo.id, ['Theirs'])
    const { me } = await userWithTodo(server)
    expectProblem(await me.call('POST', `/subtodos/${theirs?.id}/breakdown`, {}), 404, 'planner.subtodo_not_found')
  })
})

describe('AI breakdown without a language model', () => {
  const clock = createManualClock()
  let offline: TestServer
  beforeAll(async () => {
    offline = await startTestServer({ clock, env: { JOBS_POLL_INTERVAL_SECONDS: '1' } })
    await offline.ctx.jobs.startWorkers()
  }, 60_000)
  afterAll(async () => offline?.close())

  it('answers from the offline splitter, says so, and gives the same proposals every time', async () => {
    const { me, todo } = await userWithTodo(offline, { content: 'Buy milk; call mom; pay rent' })
    const first = resultOf(await breakDown(offline, me, `/todos/${todo.id}/breakdown`))
    expect(first).toEqual({
      source: 'offline',
      model: null,
      parentType: 'todo',
      parentId: todo.id,
      todoId: todo.id,
      proposals: [
        { content: 'Buy milk', estimatedMinutes: 60 },
        { content: 'call mom', estimatedMinutes: 60 },
        { content: 'pay rent', estimatedMinutes: 60 },
      ],
    })
    clock.advance(10_000)
    expect(resultOf(await breakDown(offline, me, `/todos/${todo.id}/breakdown`))).toEqual(first)
  })

  it('splits a Korean todo into Korean steps, sized by detail', async () => {
    const { me, todo } = await userWithTodo(offline, { content: '이사 준비' })
    const result = resultOf(await breakDown(offline, me, `/todos/${todo.id}/breakdown`, { detail: 'coarse' }))
    expect(result.proposals).toEqual([
      { content: '계획: 이사 준비', estimatedMinutes: 60 },
      { content: '실행: 이사 준비', estimatedMinutes: 150 },
    ])
  })

  it('counts the cooldown on the clock: Retry-After shrinks and a breakdown passes once 10 s are over', async () => {
    const { me, todo } = await userWithTodo(offline)
    expect((await requestBreakdown(offline, me, `/todos/${todo.id}/breakdown`)).status).toBe(202)
    clock.advance(3_000)
    const early = await me.call('POST', `/todos/${todo.id}/breakdown`, {})
    expectProblem(early, 429, 'planner.breakdown_cooldown')
    expect(early.headers.get('retry-after')).toBe('7')
    clock.advance(6_500)
    expect((await me.call('POST', `/todos/${todo.id}/breakdown`, {})).headers.get('retry-after')).toBe('1')
    clock.advance(500)
    expect((await requestBreakdown(offline, me, `/todos/${todo.id}/breakdown`)).status).toBe(202)
  })
})

describe('a breakdown whose todo is deleted before the job runs', () => {
  it('ends the task failed with planner.todo_not_found', async () => {
    const target = await startTestServer({ env: { JOBS_POLL_INTERVAL_SECONDS: '1' } })
    try {
      await target.ctx.jobs.start()
      const { me, todo } = await userWithTodo(target)
      const res = await me.call<TaskRef>('POST', `/todos/${todo.id}/breakdown`, {})
      expect(res.status).toBe(202)
      expect((await me.call('DELETE', `/todos/${todo.id}`)).status).toBe(204)
      await target.ctx.jobs.startWorkers()
      const task = await finished(target, me, res.body.taskId)
      expect(task).toMatchObject({
        state: 'failed',
        error: { code: 'planner.todo_not_found', message: 'The todo was deleted before it could be broken down' },
      })
    } finally {
      await target.close()
    }
  }, 60_000)
})

describe('PLANNER_BREAKDOWN_COOLDOWN_SECONDS', () => {
  const base = { JWT_SECRET: 's'.repeat(40), DATA_DIR: '.data/planner-test-unused' }

  it('defaults to the original 10 s and reads another value, 0 turning the wait off', () => {
    expect(loadConfig(base).planner.breakdownCooldownSeconds).toBe(10)
    expect(loadConfig({ ...base, PLANNER_BREAKDOWN_COOLDOWN_SECONDS: '0' }).planner.breakdownCooldownSeconds).toBe(0)
  })

  it.each(['-1', '1.5', 'soon'])('rejects %s', (value) => {
    expect(() => loadConfig({ ...base, PLANNER_BREAKDOWN_COOLDOWN_SECONDS: value })).toThrow(
      new ConfigError([`PLANNER_BREAKDOWN_COOLDOWN_SECONDS must be an integer from 0 to 86400 (got "${value}")`]),
    )
  })
})
