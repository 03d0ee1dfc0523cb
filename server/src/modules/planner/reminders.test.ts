import type { AuthResult, Category, ReminderSettings, Todo } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import { newUserInput, type TestServer } from '../../test/server.ts'
import { startPushTestServer } from '../../test/push.ts'
import type { TestWebPushService } from '../../test/web-push-service.ts'

// 23:00 UTC is 08:00 the next morning in Seoul: the first reminder slot of 2026-11-24 there.
const clock = createManualClock(new Date('2026-11-23T23:00:00Z'))
let service: TestWebPushService
let server: TestServer
let close: () => Promise<void>

beforeAll(async () => {
  ;({ server, service, close } = await startPushTestServer({ clock, env: { PUSH_COALESCE_SECONDS: '0' } }))
}, 60_000)
afterAll(async () => close?.())

async function userWithTodos(timeZone: string, todos: Array<{ content: string; date: string; isDone?: boolean }>) {
  const me = (
    await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput({ timeZone, locale: 'ko' }) })
  ).body
  const token = me.tokens.accessToken
  const device = service.newDevice()
  expect((await server.http('POST', '/api/push/subscriptions', { token, body: device.subscription })).status).toBe(201)
  const category = (await server.http<Category>('POST', '/api/planner/categories', { token, body: { title: '할 일' } }))
    .body
  for (const todo of todos) {
    const res = await server.http<Todo>('POST', '/api/planner/todos', {
      token,
      body: { ...todo, categoryId: category.id },
    })
    expect(res.status).toBe(201)
  }
  return { token, device, userId: me.user.id }
}

async function runReminders(): Promise<{ sent: number }> {
  const { taskId } = await server.ctx.transaction((tx) => server.ctx.jobs.enqueue(tx, 'planner.send-reminders', {}))
  await expect.poll(async () => (await server.ctx.jobs.getTask(taskId))?.state, { timeout: 20_000 }).toBe('completed')
  return (await server.ctx.jobs.getTask(taskId))?.result as { sent: number }
}

describe('daily reminders', () => {
  it("reminds each user at their local slot of today's open todos, once, and only if they have any", async () => {
    const seoul = await userWithTodos('Asia/Seoul', [
      { content: '영어 단어 외우기', date: '2026-11-24' },
      { content: '이미 끝낸 일', date: '2026-11-24', isDone: true },
      { content: '모레 할 일', date: '2026-11-26' },
    ])
    const muted = await userWithTodos('Asia/Seoul', [{ content: '조용히', date: '2026-11-24' }])
    const off: ReminderSettings = { isEnabled: false, times: ['08:00'] }
    expect((await server.http('PUT', '/api/planner/reminders', { token: muted.token, body: off })).status).toBe(200)
    const london = await userWithTodos('Europe/London', [{ content: 'late night', date: '2026-11-23' }])
    const nothingToday = await userWithTodos('Asia/Seoul', [{ content: '다음 주', date: '2026-12-01' }])

    expect(await runReminders()).toEqual({ sent: 1 })
    await expect
      .poll(() => service.received.filter((p) => p.deviceId === seoul.device.id).length, { timeout: 20_000 })
      .toBe(1)
    const [push] = service.received.filter((p) => p.deviceId === seoul.device.id)
    expect(push?.payload).toMatchObject({ title: '오늘 할 일 1개', body: '• 영어 단어 외우기' })
    for (const other of [muted, london, nothingToday]) {
      expect(service.received.some((p) => p.deviceId === other.device.id)).toBe(false)
    }

    clock.advance(5 * 60 * 1000)
    expect(await runReminders()).toEqual({ sent: 0 })
  })

  it('lets a user choose their own times, which are then checked in their time zone', async () => {
    const me = await userWithTodos('Asia/Seoul', [])
    const res = await server.http<ReminderSettings>('PUT', '/api/planner/reminders', {
      token: me.token,
      body: { isEnabled: true, times: ['21:30', '07:15'] },
    })
    expect(res.body).toEqual({ isEnabled: true, times: ['07:15', '21:30'] })
    expect((await server.http<ReminderSettings>('GET', '/api/planner/reminders', { token: me.token })).body).toEqual(
      res.body,
    )
  })

  it('starts from the original 08:00, 14:00 and 20:00 and refuses a time that is not HH:MM', async () => {
    const me = await userWithTodos('UTC', [])
    expect((await server.http<ReminderSettings>('GET', '/api/planner/reminders', { token: me.token })).body).toEqual({
      isEnabled: true,
      times: ['08:00', '14:00', '20:00'],
    })
    const bad = await server.http('PUT', '/api/planner/reminders', {
      token: me.token,
      body: { isEnabled: true, times: ['8am'] },
    })
    expect(bad.status).toBe(400)
  })
})
