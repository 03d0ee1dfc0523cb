import { randomUUID } from 'node:crypto'
import type { Subtodo, SubtodoList } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import {
  addCategory,
  addSubtodos,
  addTodo,
  expectProblem,
  getTodo,
  newPlannerUser,
  type PlannerUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function userWithTodo(body: Record<string, unknown> = {}) {
  const me = await newPlannerUser(server)
  const category = await addCategory(me)
  const todo = await addTodo(me, category.id, body)
  return { me, category, todo }
}

async function subtodoOrder(user: PlannerUser, todoId: string): Promise<string[]> {
  return (await getTodo(user, todoId)).subtodos.map((s) => s.id)
}

describe('POST /api/planner/todos/:id/subtodos', () => {
  it('creates several subtodos in one call, keeping the order given', async () => {
    const { me, todo } = await userWithTodo()
    const contents = ['Outline', 'Draft', 'Edit', 'Proofread', 'Send']
    const created = await addSubtodos(me, todo.id, contents)
    expect(created.map((s) => s.content)).toEqual(contents)
    expect(created.every((s) => s.todoId === todo.id && !s.isDone)).toBe(true)
    expect((await getTodo(me, todo.id)).subtodos).toEqual(created)
    const ranks = created.map((s) => s.rank)
    expect([...ranks].sort()).toEqual(ranks)
  })

  it('appends a later batch below the existing subtodos', async () => {
    const { me, todo } = await userWithTodo()
    const first = await addSubtodos(me, todo.id, ['a', 'b'])
    const second = await addSubtodos(me, todo.id, ['c', 'd'])
    expect(await subtodoOrder(me, todo.id)).toEqual([...first, ...second].map((s) => s.id))
  })

  it("gives subtodos the todo's date unless they name one (or null)", async () => {
    const { me, todo } = await userWithTodo({ date: '2025-06-01' })
    const created = await addSubtodos(me, todo.id, [
      'inherits',
      { content: 'own date', date: '2025-06-03' },
      { content: 'no date', date: null, isDone: true },
    ])
    expect(created.map((s) => [s.date, s.isDone])).toEqual([
      ['2025-06-01', false],
      ['2025-06-03', false],
      [null, true],
    ])
  })

  it.each([
    { body: { items: [] }, why: 'no items' },
    { body: { items: Array.from({ length: 51 }, (_, i) => ({ content: `s${i}` })) }, why: 'more than 50 items' },
    { body: { items: [{ content: 'x'.repeat(256) }] }, why: 'content over 255 characters' },
    { body: { items: [{ content: 'ok' }, { content: ' ' }] }, why: 'a blank content' },
    { body: [{ content: 'a bare list' }], why: 'a bare list instead of { items }' },
  ])('answers 400 http.validation_failed for $why and creates none', async ({ body }) => {
    const { me, todo } = await userWithTodo()
    expectProblem(await me.call('POST', `/todos/${todo.id}/subtodos`, body), 400, 'http.validation_failed')
    expect(await subtodoOrder(me, todo.id)).toEqual([])
  })

  it('answers 404 planner.todo_not_found for an unknown todo', async () => {
    const { me } = await userWithTodo()
    const res = await me.call('POST', `/todos/${randomUUID()}/subtodos`, { items: [{ content: 'x' }] })
    expectProblem(res, 404, 'planner.todo_not_found')
  })
})

describe('PATCH /api/planner/subtodos/:id', () => {
  it('marks a subtodo done and back, edits its content and moves it to another date', async () => {
    const { me, todo } = await userWithTodo({ date: '2025-06-01' })
    const [subtodo] = await addSubtodos(me, todo.id, ['step'])
    const id = subtodo?.id ?? ''
    expect((await me.call<Subtodo>('PATCH', `/subtodos/${id}`, { isDone: true })).body.isDone).toBe(true)
    const res = await me.call<Subtodo>('PATCH', `/subtodos/${id}`, { isDone: false, content: 'Step 1', date: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, isDone: false, content: 'Step 1', date: null, rank: subtodo?.rank })
    expect((await getTodo(me, todo.id)).subtodos[0]).toEqual(res.body)
  })

  it('answers 400 http.validation_failed for an empty patch and 404 planner.subtodo_not_found for an unknown id', async () => {
    const { me, todo } = await userWithTodo()
    const [subtodo] = await addSubtodos(me, todo.id, ['step'])
    expectProblem(await me.call('PATCH', `/subtodos/${subtodo?.id}`, {}), 400, 'http.validation_failed')
    expectProblem(
      await me.call('PATCH', `/subtodos/${randomUUID()}`, { isDone: true }),
      404,
      'planner.subtodo_not_found',
    )
  })
})

describe('DELETE /api/planner/subtodos/:id', () => {
  it('deletes one subtodo and keeps the others in order', async () => {
    const { me, todo } = await userWithTodo()
    const [a, b, c] = await addSubtodos(me, todo.id, ['a', 'b', 'c'])
    expect((await me.call('DELETE', `/subtodos/${b?.id}`)).status).toBe(204)
    expect(await subtodoOrder(me, todo.id)).toEqual([a?.id, c?.id])
    expectProblem(await me.call('DELETE', `/subtodos/${b?.id}`), 404, 'planner.subtodo_not_found')
  })
})

describe('POST /api/planner/subtodos/:id/move', () => {
  async function fourSubtodos() {
    const { me, category, todo } = await userWithTodo()
    const [a, b, c, d] = (await addSubtodos(me, todo.id, ['a', 'b', 'c', 'd'])) as [Subtodo, Subtodo, Subtodo, Subtodo]
    return { me, category, todo, a, b, c, d }
  }

  function move(user: PlannerUser, id: string, body: unknown) {
    return user.call<Subtodo>('POST', `/subtodos/${id}/move`, body)
  }

  it('moves a subtodo to the top, the bottom and between two others', async () => {
    const { me, todo, a, b, c, d } = await fourSubtodos()
    expect((await move(me, c.id, { before: a.id })).status).toBe(200)
    expect(await subtodoOrder(me, todo.id)).toEqual([c.id, a.id, b.id, d.id])
    await move(me, c.id, { after: d.id })
    expect(await subtodoOrder(me, todo.id)).toEqual([a.id, b.id, d.id, c.id])
    await move(me, c.id, { after: a.id, before: b.id })
    expect(await subtodoOrder(me, todo.id)).toEqual([a.id, c.id, b.id, d.id])
    await move(me, a.id, {})
    expect(await subtodoOrder(me, todo.id)).toEqual([c.id, b.id, d.id, a.id])
  })

  it('answers 409 planner.stale_neighbours for a neighbour under another todo', async () => {
    const { me, category, todo, a } = await fourSubtodos()
    const otherTodo = await addTodo(me, category.id)
    const [foreign] = await addSubtodos(me, otherTodo.id, ['elsewhere'])
    expectProblem(await move(me, a.id, { after: foreign?.id }), 409, 'planner.stale_neighbours')
    expect((await getTodo(me, todo.id)).subtodos[0]?.id).toBe(a.id)
  })

  it('answers 400 planner.invalid_neighbour for a subtodo next to itself, 404 for unknown ids', async () => {
    const { me, a, b } = await fourSubtodos()
    expectProblem(await move(me, a.id, { after: b.id, before: a.id }), 400, 'planner.invalid_neighbour')
    expectProblem(await move(me, a.id, { before: randomUUID() }), 404, 'planner.subtodo_not_found')
    expectProblem(await move(me, randomUUID(), { before: a.id }), 404, 'planner.subtodo_not_found')
  })
})

describe('POST /api/planner/subtodos/:id/split', () => {
  function split(user: PlannerUser, id: string, body: unknown) {
    return user.call<SubtodoList>('POST', `/subtodos/${id}/split`, body)
  }

  it('puts the new subtodos right after the split one, in the order given, keeping it', async () => {
    const { me, todo } = await userWithTodo()
    const [a, b, c] = (await addSubtodos(me, todo.id, ['a', 'b', 'c'])) as [Subtodo, Subtodo, Subtodo]
    const res = await split(me, b.id, { items: [{ content: 'b1' }, { content: 'b2' }, { content: 'b3' }] })
    expect(res.status).toBe(201)
    expect(res.body.items.map((s) => s.content)).toEqual(['b1', 'b2', 'b3'])
    const [b1, b2, b3] = res.body.items
    expect(await subtodoOrder(me, todo.id)).toEqual([a.id, b.id, b1?.id, b2?.id, b3?.id, c.id])
  })

  it('replaces the split subtodo with `replace: true`, also at the end of the list', async () => {
    const { me, todo } = await userWithTodo()
    const [a, b] = (await addSubtodos(me, todo.id, ['a', 'b'])) as [Subtodo, Subtodo]
    const res = await split(me, b.id, { items: [{ content: 'b1' }, { content: 'b2' }], replace: true })
    expect(res.status).toBe(201)
    const subtodos = (await getTodo(me, todo.id)).subtodos
    expect(subtodos.map((s) => s.content)).toEqual(['a', 'b1', 'b2'])
    expect(subtodos[0]?.id).toBe(a.id)
    expectProblem(await me.call('PATCH', `/subtodos/${b.id}`, { isDone: true }), 404, 'planner.subtodo_not_found')
  })

  it("gives the new subtodos the split one's date unless they name one", async () => {
    const { me, todo } = await userWithTodo({ date: '2025-06-01' })
    const [step] = await addSubtodos(me, todo.id, [{ content: 'step', date: '2025-06-05' }])
    const res = await split(me, step?.id ?? '', {
      items: [{ content: 'inherits' }, { content: 'own date', date: '2025-06-07' }, { content: 'none', date: null }],
    })
    expect(res.body.items.map((s) => s.date)).toEqual(['2025-06-05', '2025-06-07', null])
  })

  it("answers 404 planner.subtodo_not_found for another user's subtodo and writes nothing", async () => {
    const { me: owner, todo } = await userWithTodo()
    const [theirs] = await addSubtodos(owner, todo.id, ['theirs'])
    const { me } = await userWithTodo()
    const res = await split(me, theirs?.id ?? '', { items: [{ content: 'mine' }], replace: true })
    expectProblem(res, 404, 'planner.subtodo_not_found')
    expect((await getTodo(owner, todo.id)).subtodos.map((s) => s.content)).toEqual(['theirs'])
  })

  it.each([
    { body: { items: [] }, why: 'no items' },
    { body: { items: [{ content: 'ok' }, { content: '  ' }] }, why: 'a blank content' },
    { body: { items: [{ content: 'ok' }], replace: 'yes please' }, why: 'a replace that is not a boolean' },
  ])('answers 400 http.validation_failed for $why and changes nothing', async ({ body }) => {
    const { me, todo } = await userWithTodo()
    const [step] = await addSubtodos(me, todo.id, ['step'])
    expectProblem(await split(me, step?.id ?? '', body), 400, 'http.validation_failed')
    expect(await subtodoOrder(me, todo.id)).toEqual([step?.id])
  })
})
