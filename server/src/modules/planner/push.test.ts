import type {
  AuthResult,
  Category,
  PlannerEvent,
  PlannerEventMap,
  Subtodo,
  SubtodoList,
  Todo,
  Tokens,
} from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, type TestServer } from '../../test/server.ts'
import { startPushTestServer } from '../../test/push.ts'
import type { TestWebPushService } from '../../test/web-push-service.ts'
import { pushUrl } from './service/announce.ts'

let service: TestWebPushService
let server: TestServer
let close: () => Promise<void>
beforeAll(async () => {
  ;({ server, service, close } = await startPushTestServer({ env: { PUSH_COALESCE_SECONDS: '1' } }))
}, 60_000)
afterAll(async () => close?.())

describe('push to my other devices', () => {
  it("pushes a planner change to the user's other device in its language, not to the device that made it", async () => {
    const input = newUserInput({ locale: 'ko' })
    const phone = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })).body.tokens
    const laptop = (
      await server.http<AuthResult>('POST', '/api/accounts/signin', {
        body: { login: input.username, password: input.password },
      })
    ).body.tokens
    const devices = new Map<Tokens, ReturnType<TestWebPushService['newDevice']>>()
    for (const tokens of [phone, laptop]) {
      const device = service.newDevice()
      devices.set(tokens, device)
      const res = await server.http('POST', '/api/push/subscriptions', {
        token: tokens.accessToken,
        body: device.subscription,
      })
      expect(res.status).toBe(201)
    }
    const created = await server.http<Category>('POST', '/api/planner/categories', {
      token: phone.accessToken,
      body: { title: '공부' },
    })
    expect(created.status).toBe(201)
    const laptopDevice = devices.get(laptop)
    await expect
      .poll(() => service.received.filter((p) => p.deviceId === laptopDevice?.id).length, { timeout: 20_000 })
      .toBe(1)
    const [push] = service.received.filter((p) => p.deviceId === laptopDevice?.id)
    expect(push?.payload).toMatchObject({ title: '플래너', body: '다른 기기에서 플래너가 바뀌었어요.' })
    expect(service.received.some((p) => p.deviceId === devices.get(phone)?.id)).toBe(false)
  })
})

describe('where a planner push leads', () => {
  const todo = { id: 'todo-1' } as Todo
  const subtodo = { id: 'sub-1', todoId: 'todo-2' } as Subtodo
  const category = { id: 'cat-1' } as Category
  const cases: Array<[PlannerEvent, Omit<PlannerEventMap[PlannerEvent], 'originSessionId'>, string]> = [
    ['planner.todo_created', { todo }, '/planner/todos/todo-1'],
    ['planner.todo_updated', { todo }, '/planner/todos/todo-1'],
    ['planner.todo_moved', { todo }, '/planner/todos/todo-1'],
    ['planner.todo_deleted', { id: 'todo-1', categoryId: 'cat-1' }, '/planner'],
    ['planner.subtodos_created', { todoId: 'todo-2', subtodos: [subtodo] }, '/planner/todos/todo-2'],
    ['planner.subtodo_updated', { subtodo }, '/planner/todos/todo-2'],
    ['planner.subtodo_moved', { subtodo }, '/planner/todos/todo-2'],
    ['planner.subtodo_deleted', { id: 'sub-1', todoId: 'todo-2' }, '/planner/todos/todo-2'],
    ['planner.category_created', { category }, '/planner'],
    ['planner.category_updated', { category }, '/planner'],
    ['planner.category_moved', { category }, '/planner'],
    ['planner.category_deleted', { id: 'cat-1', deletedTodoIds: [], toCategoryId: null, movedTodos: [] }, '/planner'],
  ]

  it.each(cases.map(([event, data, url]) => ({ event, data, url })))('$event leads to $url', ({ event, data, url }) => {
    expect(pushUrl(event, { ...data, originSessionId: 's' } as PlannerEventMap[PlannerEvent])).toBe(url)
  })

  it("links the push of a change to a todo or its subtodos to that todo, and a deleted todo's to the planner", async () => {
    const input = newUserInput()
    const phone = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })).body.tokens
    const laptop = (
      await server.http<AuthResult>('POST', '/api/accounts/signin', {
        body: { login: input.username, password: input.password },
      })
    ).body.tokens
    const device = service.newDevice()
    const registered = await server.http('POST', '/api/push/subscriptions', {
      token: laptop.accessToken,
      body: device.subscription,
    })
    expect(registered.status).toBe(201)
    const pushesToLaptop = () => service.received.filter((p) => p.deviceId === device.id)
    /** Makes a change on the phone and waits for the laptop's push about it. */
    async function change(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      const before = pushesToLaptop().length
      const res = await server.http(method, path, { token: phone.accessToken, body })
      expect(res.status).toBeLessThan(300)
      await expect.poll(() => pushesToLaptop().length, { timeout: 20_000 }).toBe(before + 1)
      return { res, push: pushesToLaptop().at(-1) }
    }

    const { res: created, push: categoryPush } = await change('POST', '/api/planner/categories', { title: 'Study' })
    expect(categoryPush?.payload.data).toEqual({ kind: 'planner.category_created', url: '/planner' })
    const categoryId = (created.body as Category).id

    const { res: todoRes, push: todoPush } = await change('POST', '/api/planner/todos', {
      categoryId,
      content: 'Read chapter 3',
      date: '2026-11-23',
    })
    const todoId = (todoRes.body as Todo).id
    expect(todoPush?.payload.data).toEqual({ kind: 'planner.todo_created', url: `/planner/todos/${todoId}` })

    const { res: subRes, push: subPush } = await change('POST', `/api/planner/todos/${todoId}/subtodos`, {
      items: [{ content: 'Take notes' }],
    })
    expect(subPush?.payload.data).toEqual({ kind: 'planner.subtodos_created', url: `/planner/todos/${todoId}` })
    const subtodoId = (subRes.body as SubtodoList).items[0]?.id

    const { push: subUpdatePush } = await change('PATCH', `/api/planner/subtodos/${subtodoId}`, { isDone: true })
    expect(subUpdatePush?.payload.data).toEqual({ kind: 'planner.subtodo_updated', url: `/planner/todos/${todoId}` })

    const { push: deletedPush } = await change('DELETE', `/api/planner/todos/${todoId}`)
    expect(deletedPush?.payload.data).toEqual({ kind: 'planner.todo_deleted', url: '/planner' })
  })
})
