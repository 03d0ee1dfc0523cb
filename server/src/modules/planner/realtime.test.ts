import type { Category, EventFrame, PlannerEventMap, ServerFrame, Subtodo, Todo } from '@madang/contracts'
import { PLANNER_EVENTS } from '@madang/contracts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { openTestSocket, type TestSocket } from '../../test/ws-client.ts'
import {
  addCategory,
  addSubtodos,
  addTodo,
  expectProblem,
  newPlannerUser,
  signInAgain,
  type PlannerUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

const sockets: TestSocket[] = []
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

async function socketOf(user: PlannerUser): Promise<TestSocket> {
  const socket = await openTestSocket(server.url, { token: user.token })
  sockets.push(socket)
  await socket.next((f) => f.type === 'welcome')
  return socket
}

const isPlannerEvent = (frame: ServerFrame): frame is EventFrame =>
  frame.type === 'event' && frame.event.startsWith('planner.')

function plannerEvents(socket: TestSocket): EventFrame[] {
  return socket.frames.filter(isPlannerEvent)
}

function nextEvent<E extends keyof PlannerEventMap>(
  socket: TestSocket,
  event: E,
  match: (data: PlannerEventMap[E]) => boolean = () => true,
) {
  return socket.next<EventFrame<PlannerEventMap[E]>>(
    (f) => f.type === 'event' && f.event === event && match(f.data as PlannerEventMap[E]),
  )
}

describe('planner events on user:<id>', () => {
  it("reach the user's other device with the change and the session that made it", async () => {
    const phone = await newPlannerUser(server)
    const laptop = await signInAgain(server, phone)
    const laptopSocket = await socketOf(laptop)
    const phoneSocket = await socketOf(phone)

    const category = await addCategory(phone, { title: 'Study' })
    const created = await nextEvent(laptopSocket, 'planner.category_created')
    expect(created.channel).toBe(`user:${phone.userId}`)
    expect(created.data).toEqual({ originSessionId: phone.sessionId, category })

    // The acting device gets the echo too, marked as its own so it can skip it.
    const echo = await nextEvent(phoneSocket, 'planner.category_created')
    expect(echo.data.originSessionId).toBe(phone.sessionId)

    const todo = await addTodo(laptop, category.id, { date: '2025-04-07' })
    const todoCreated = await nextEvent(phoneSocket, 'planner.todo_created')
    expect(todoCreated.data).toEqual({ originSessionId: laptop.sessionId, todo })
  })

  it('announces every kind of change, in order, each carrying the changed item or the deleted ids', async () => {
    const me = await newPlannerUser(server)
    const other = await signInAgain(server, me)
    const socket = await socketOf(other)

    const category = await addCategory(me)
    const spare = await addCategory(me)
    const todo = await addTodo(me, category.id, { date: '2025-04-07' })
    const [first, second] = (await addSubtodos(me, todo.id, ['one', 'two'])) as [Subtodo, Subtodo]
    const subtodoUpdated = (await me.call<Subtodo>('PATCH', `/subtodos/${first.id}`, { isDone: true })).body
    const subtodoMoved = (await me.call<Subtodo>('POST', `/subtodos/${second.id}/move`, { before: first.id })).body
    const todoUpdated = (await me.call<Todo>('PATCH', `/todos/${todo.id}`, { date: '2025-04-08' })).body
    const todoMoved = (await me.call<Todo>('POST', `/todos/${todo.id}/move`, { categoryId: spare.id })).body
    expect((await me.call('DELETE', `/subtodos/${second.id}`)).status).toBe(204)
    expect((await me.call('DELETE', `/todos/${todo.id}`)).status).toBe(204)
    const categoryUpdated = (await me.call<Category>('PATCH', `/categories/${category.id}`, { title: 'New' })).body
    const categoryMoved = (await me.call<Category>('POST', `/categories/${spare.id}/move`, { before: category.id }))
      .body
    const kept = await addTodo(me, spare.id)
    expect((await me.call('DELETE', `/categories/${spare.id}?todos=move&to=${category.id}`)).status).toBe(204)

    await nextEvent(socket, 'planner.category_deleted')
    const seen = plannerEvents(socket).map((f) => ({ event: f.event, data: f.data }))
    const origin = { originSessionId: me.sessionId }
    const movedKept = { ...kept, categoryId: category.id }
    expect(seen).toEqual([
      { event: 'planner.category_created', data: { ...origin, category } },
      { event: 'planner.category_created', data: { ...origin, category: spare } },
      { event: 'planner.todo_created', data: { ...origin, todo } },
      { event: 'planner.subtodos_created', data: { ...origin, todoId: todo.id, subtodos: [first, second] } },
      { event: 'planner.subtodo_updated', data: { ...origin, subtodo: subtodoUpdated } },
      { event: 'planner.subtodo_moved', data: { ...origin, subtodo: subtodoMoved } },
      { event: 'planner.todo_updated', data: { ...origin, todo: todoUpdated } },
      { event: 'planner.todo_moved', data: { ...origin, todo: todoMoved } },
      { event: 'planner.subtodo_deleted', data: { ...origin, id: second.id, todoId: todo.id } },
      { event: 'planner.todo_deleted', data: { ...origin, id: todo.id, categoryId: spare.id } },
      { event: 'planner.category_updated', data: { ...origin, category: categoryUpdated } },
      { event: 'planner.category_moved', data: { ...origin, category: categoryMoved } },
      { event: 'planner.todo_created', data: { ...origin, todo: kept } },
      {
        event: 'planner.category_deleted',
        data: {
          ...origin,
          id: spare.id,
          deletedTodoIds: [],
          toCategoryId: category.id,
          movedTodos: [{ ...movedKept, rank: expect.any(String), updatedAt: expect.any(String) }],
        },
      },
    ])
    // The date change carried the subtodos along, and the event says so.
    expect(todoUpdated.subtodos.map((s) => s.date)).toEqual(['2025-04-08', '2025-04-08'])
    expect(new Set(seen.map((e) => e.event))).toEqual(new Set(PLANNER_EVENTS))
  })

  it('lists the deleted todos when a category goes with its todos', async () => {
    const me = await newPlannerUser(server)
    const socket = await socketOf(me)
    const category = await addCategory(me)
    const a = await addTodo(me, category.id)
    const b = await addTodo(me, category.id)
    expect((await me.call('DELETE', `/categories/${category.id}?todos=delete`)).status).toBe(204)
    const deleted = await nextEvent(socket, 'planner.category_deleted')
    expect(deleted.data).toEqual({
      originSessionId: me.sessionId,
      id: category.id,
      deletedTodoIds: [a.id, b.id],
      toCategoryId: null,
      movedTodos: [],
    })
  })

  it('announces a split as the new subtodos, then the deletion of the replaced one', async () => {
    const me = await newPlannerUser(server)
    const socket = await socketOf(me)
    const category = await addCategory(me)
    const todo = await addTodo(me, category.id)
    const [step] = await addSubtodos(me, todo.id, ['step'])
    await nextEvent(socket, 'planner.subtodos_created')
    const res = await me.call<{ items: Subtodo[] }>('POST', `/subtodos/${step?.id}/split`, {
      items: [{ content: 'first half' }, { content: 'second half' }],
      replace: true,
    })
    expect(res.status).toBe(201)
    await nextEvent(socket, 'planner.subtodo_deleted')
    const events = plannerEvents(socket).slice(-2)
    expect(events.map((f) => f.event)).toEqual(['planner.subtodos_created', 'planner.subtodo_deleted'])
    expect(events.map((f) => f.data)).toEqual([
      { originSessionId: me.sessionId, todoId: todo.id, subtodos: res.body.items },
      { originSessionId: me.sessionId, id: step?.id, todoId: todo.id },
    ])
  })

  it("publishes nothing for a refused change, and nothing to another user's sockets", async () => {
    const me = await newPlannerUser(server)
    const stranger = await newPlannerUser(server)
    const mySocket = await socketOf(me)
    const strangerSocket = await socketOf(stranger)
    const category = await addCategory(me)
    await addTodo(me, category.id)
    await nextEvent(mySocket, 'planner.todo_created')

    // Refused inside the transaction, after the lock: no event may escape.
    expectProblem(await me.call('DELETE', `/categories/${category.id}`), 409, 'planner.category_not_empty')
    const marker = await addCategory(me, { title: 'marker' })
    await nextEvent(mySocket, 'planner.category_created', (d) => d.category.id === marker.id)
    expect(plannerEvents(mySocket).map((f) => f.event)).toEqual([
      'planner.category_created',
      'planner.todo_created',
      'planner.category_created',
    ])

    // The stranger's own change is the last thing their socket hears about the planner.
    await addCategory(stranger)
    await nextEvent(strangerSocket, 'planner.category_created')
    expect(plannerEvents(strangerSocket)).toHaveLength(1)
    expect((plannerEvents(strangerSocket)[0]?.data as { originSessionId: string }).originSessionId).toBe(
      stranger.sessionId,
    )
  })
})
