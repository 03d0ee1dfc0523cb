import { randomUUID } from 'node:crypto'
import type { Subtodo, Todo } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import {
  addCategory,
  addSubtodos,
  addTodo,
  expectProblem,
  getTodo,
  newPlannerUser,
  todoOrder,
  type PlannerUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function userWithCategory() {
  const me = await newPlannerUser(server)
  const category = await addCategory(me)
  return { me, category }
}

function patchTodo(user: PlannerUser, id: string, body: unknown) {
  return user.call<Todo>('PATCH', `/todos/${id}`, body)
}

describe('POST /api/planner/todos', () => {
  it('creates a dated todo with a due time and memo, without subtodos', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id, {
      content: '  Write the report ',
      date: '2025-04-01',
      dueTime: '09:30',
      memo: 'Use the Q1 numbers',
    })
    expect(todo).toMatchObject({
      categoryId: category.id,
      content: 'Write the report',
      date: '2025-04-01',
      dueTime: '09:30',
      memo: 'Use the Q1 numbers',
      isDone: false,
      subtodos: [],
    })
    expect(await getTodo(me, todo.id)).toEqual(todo)
  })

  it('puts a todo without a date in the inbox', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    expect(todo).toMatchObject({ date: null, dueTime: null, memo: null })
    const inbox = await me.call<{ items: Todo[] }>('GET', '/todos/inbox')
    expect(inbox.body.items.map((t) => t.id)).toEqual([todo.id])
  })

  it('appends todos at the bottom of their category', async () => {
    const { me, category } = await userWithCategory()
    const ids = []
    for (let i = 0; i < 5; i++) ids.push((await addTodo(me, category.id)).id)
    expect(await todoOrder(me, category.id)).toEqual(ids)
  })

  it('accepts content of exactly 255 characters', async () => {
    const { me, category } = await userWithCategory()
    expect((await addTodo(me, category.id, { content: 'x'.repeat(255) })).content).toHaveLength(255)
  })

  it.each([
    { body: { content: 'x'.repeat(256) }, pointer: '/body/content' },
    { body: { content: '' }, pointer: '/body/content' },
    { body: { content: '   ' }, pointer: '/body/content' },
    { body: { date: '2025-02-30' }, pointer: '/body/date' },
    { body: { date: '04/01/2025' }, pointer: '/body/date' },
    { body: { date: '2025-04-01', dueTime: '24:00' }, pointer: '/body/dueTime' },
    { body: { date: '2025-04-01', dueTime: '9:30' }, pointer: '/body/dueTime' },
    { body: { memo: 'x'.repeat(2001) }, pointer: '/body/memo' },
    { body: { categoryId: 'inbox' }, pointer: '/body/categoryId' },
    { body: { userId: randomUUID() }, pointer: '/body/userId' },
    { body: { rank: 'a0' }, pointer: '/body/rank' },
  ])('answers 400 http.validation_failed for $body', async ({ body }) => {
    const { me, category } = await userWithCategory()
    const res = await me.call('POST', '/todos', { content: 'Todo', categoryId: category.id, ...body })
    expectProblem(res, 400, 'http.validation_failed')
    expect(await todoOrder(me, category.id)).toEqual([])
  })

  it('answers 400 planner.due_time_without_date for a due time on an inbox todo', async () => {
    const { me, category } = await userWithCategory()
    const res = await me.call('POST', '/todos', { content: 'Todo', categoryId: category.id, dueTime: '10:00' })
    expectProblem(res, 400, 'planner.due_time_without_date')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/body/dueTime'])
  })

  it("answers 404 planner.category_not_found for another user's category and creates nothing there", async () => {
    const me = await newPlannerUser(server)
    const other = await newPlannerUser(server)
    const theirs = await addCategory(other)
    const res = await me.call('POST', '/todos', { content: 'Sneaky', categoryId: theirs.id })
    expectProblem(res, 404, 'planner.category_not_found')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/body/categoryId'])
    expect(await todoOrder(other, theirs.id)).toEqual([])
  })
})

describe('GET /api/planner/todos/:id', () => {
  it('returns the todo with its subtodos in order', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    await addSubtodos(me, todo.id, ['one', 'two', 'three'])
    expect((await getTodo(me, todo.id)).subtodos.map((s) => s.content)).toEqual(['one', 'two', 'three'])
  })

  it('answers 404 planner.todo_not_found for an unknown id and 400 for a malformed one', async () => {
    const { me } = await userWithCategory()
    expectProblem(await me.call('GET', `/todos/${randomUUID()}`), 404, 'planner.todo_not_found')
    expectProblem(await me.call('GET', '/todos/123'), 400, 'http.validation_failed')
  })
})

describe('PATCH /api/planner/todos/:id', () => {
  it('marks a todo done and back to not done (the original could not)', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    expect((await patchTodo(me, todo.id, { isDone: true })).body.isDone).toBe(true)
    const undone = await patchTodo(me, todo.id, { isDone: false })
    expect(undone.status).toBe(200)
    expect(undone.body.isDone).toBe(false)
    expect((await getTodo(me, todo.id)).isDone).toBe(false)
  })

  it('edits content and clears the memo, leaving other fields alone', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id, { date: '2025-04-01', dueTime: '08:00', memo: 'note' })
    const res = await patchTodo(me, todo.id, { content: 'Renamed', memo: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ content: 'Renamed', memo: null, date: '2025-04-01', dueTime: '08:00' })
    expect(res.body.rank).toBe(todo.rank)
  })

  it('moves every subtodo to the new date when the date changes', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id, { date: '2025-04-01' })
    await addSubtodos(me, todo.id, ['a', { content: 'b', date: '2025-04-03' }, { content: 'c', date: null }])
    const res = await patchTodo(me, todo.id, { date: '2025-04-10' })
    expect(res.body.date).toBe('2025-04-10')
    expect(res.body.subtodos.map((s: Subtodo) => s.date)).toEqual(['2025-04-10', '2025-04-10', '2025-04-10'])
    expect((await getTodo(me, todo.id)).subtodos.map((s) => s.date)).toEqual(['2025-04-10', '2025-04-10', '2025-04-10'])
  })

  it('leaves subtodo dates alone when the date does not change', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id, { date: '2025-04-01' })
    await addSubtodos(me, todo.id, [{ content: 'b', date: '2025-04-03' }])
    const res = await patchTodo(me, todo.id, { date: '2025-04-01', content: 'same day' })
    expect(res.body.subtodos.map((s: Subtodo) => s.date)).toEqual(['2025-04-03'])
  })

  it('moves a todo to the inbox, clearing its due time and its subtodos dates', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id, { date: '2025-04-01', dueTime: '18:45' })
    await addSubtodos(me, todo.id, ['a'])
    const res = await patchTodo(me, todo.id, { date: null })
    expect(res.body).toMatchObject({ date: null, dueTime: null })
    expect(res.body.subtodos.map((s: Subtodo) => s.date)).toEqual([null])
  })

  it('answers 400 planner.due_time_without_date when setting a due time on an inbox todo', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    expectProblem(await patchTodo(me, todo.id, { dueTime: '10:00' }), 400, 'planner.due_time_without_date')
    const dated = await addTodo(me, category.id, { date: '2025-04-01' })
    expectProblem(await patchTodo(me, dated.id, { date: null, dueTime: '10:00' }), 400, 'planner.due_time_without_date')
    expect((await getTodo(me, dated.id)).date).toBe('2025-04-01')
  })

  it('sets a date and a due time together on an inbox todo', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    const res = await patchTodo(me, todo.id, { date: '2025-05-05', dueTime: '07:05' })
    expect(res.body).toMatchObject({ date: '2025-05-05', dueTime: '07:05' })
  })

  it('moves a todo to the bottom of another category when its category changes', async () => {
    const me = await newPlannerUser(server)
    const [from, to] = [await addCategory(me), await addCategory(me)]
    const existing = await addTodo(me, to.id)
    const todo = await addTodo(me, from.id)
    const res = await patchTodo(me, todo.id, { categoryId: to.id })
    expect(res.body.categoryId).toBe(to.id)
    expect(await todoOrder(me, to.id)).toEqual([existing.id, todo.id])
    expect(await todoOrder(me, from.id)).toEqual([])
  })

  it("answers 404 planner.category_not_found when moving a todo into another user's category", async () => {
    const { me, category } = await userWithCategory()
    const other = await newPlannerUser(server)
    const theirs = await addCategory(other)
    const todo = await addTodo(me, category.id)
    expectProblem(await patchTodo(me, todo.id, { categoryId: theirs.id }), 404, 'planner.category_not_found')
    expect((await getTodo(me, todo.id)).categoryId).toBe(category.id)
  })

  it('answers 400 http.validation_failed for an empty patch or a null content', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    expectProblem(await patchTodo(me, todo.id, {}), 400, 'http.validation_failed')
    expectProblem(await patchTodo(me, todo.id, { content: null }), 400, 'http.validation_failed')
    expectProblem(await patchTodo(me, todo.id, { isDone: 'yes' }), 400, 'http.validation_failed')
  })

  it('answers 404 planner.todo_not_found for an unknown todo', async () => {
    const { me } = await userWithCategory()
    expectProblem(await patchTodo(me, randomUUID(), { isDone: true }), 404, 'planner.todo_not_found')
  })
})

describe('DELETE /api/planner/todos/:id', () => {
  it('deletes a todo and its subtodos', async () => {
    const { me, category } = await userWithCategory()
    const todo = await addTodo(me, category.id)
    const kept = await addTodo(me, category.id)
    const subtodos = await addSubtodos(me, todo.id, ['a', 'b'])
    const keptSubtodos = await addSubtodos(me, kept.id, ['c'])
    expect((await me.call('DELETE', `/todos/${todo.id}`)).status).toBe(204)
    expectProblem(await me.call('GET', `/todos/${todo.id}`), 404, 'planner.todo_not_found')
    for (const subtodo of subtodos) {
      expectProblem(await me.call('DELETE', `/subtodos/${subtodo.id}`), 404, 'planner.subtodo_not_found')
    }
    expect((await getTodo(me, kept.id)).subtodos).toEqual(keptSubtodos)
    expectProblem(await me.call('DELETE', `/todos/${todo.id}`), 404, 'planner.todo_not_found')
  })
})

describe('POST /api/planner/todos/:id/move', () => {
  async function fourTodos() {
    const { me, category } = await userWithCategory()
    const todos = []
    for (let i = 0; i < 4; i++) todos.push(await addTodo(me, category.id))
    const [a, b, c, d] = todos as [Todo, Todo, Todo, Todo]
    return { me, category, a, b, c, d }
  }

  function move(user: PlannerUser, id: string, body: unknown) {
    return user.call<Todo>('POST', `/todos/${id}/move`, body)
  }

  it('moves a todo to the top (before the first)', async () => {
    const { me, category, a, b, c, d } = await fourTodos()
    const res = await move(me, d.id, { before: a.id })
    expect(res.status).toBe(200)
    expect(res.body.rank < a.rank).toBe(true)
    expect(await todoOrder(me, category.id)).toEqual([d.id, a.id, b.id, c.id])
  })

  it('moves a todo to the bottom (after the last)', async () => {
    const { me, category, a, b, c, d } = await fourTodos()
    await move(me, a.id, { after: d.id })
    expect(await todoOrder(me, category.id)).toEqual([b.id, c.id, d.id, a.id])
  })

  it('moves a todo between two neighbours, and down past its old place', async () => {
    const { me, category, a, b, c, d } = await fourTodos()
    await move(me, a.id, { after: c.id, before: d.id })
    expect(await todoOrder(me, category.id)).toEqual([b.id, c.id, a.id, d.id])
    await move(me, d.id, { after: b.id })
    expect(await todoOrder(me, category.id)).toEqual([b.id, d.id, c.id, a.id])
  })

  it('places a todo right below `after` when the client does not show the todos in between (another day)', async () => {
    const { me, category } = await userWithCategory()
    const mondayFirst = await addTodo(me, category.id, { date: '2025-04-07' })
    const tuesday = await addTodo(me, category.id, { date: '2025-04-08' })
    const mondaySecond = await addTodo(me, category.id, { date: '2025-04-07' })
    const mondayNew = await addTodo(me, category.id, { date: '2025-04-07' })
    // Monday's view shows first, second, new; the new one goes between first and second.
    const res = await move(me, mondayNew.id, { after: mondayFirst.id, before: mondaySecond.id })
    expect(res.status).toBe(200)
    expect(await todoOrder(me, category.id)).toEqual([mondayFirst.id, mondayNew.id, tuesday.id, mondaySecond.id])
  })

  it('moves a todo into another category next to a todo there', async () => {
    const me = await newPlannerUser(server)
    const [from, to] = [await addCategory(me), await addCategory(me)]
    const x = await addTodo(me, to.id)
    const y = await addTodo(me, to.id)
    const todo = await addTodo(me, from.id)
    const res = await move(me, todo.id, { categoryId: to.id, after: x.id })
    expect(res.body.categoryId).toBe(to.id)
    expect(await todoOrder(me, to.id)).toEqual([x.id, todo.id, y.id])
  })

  it('moves a todo into an empty category when no neighbour is named', async () => {
    const me = await newPlannerUser(server)
    const [from, to] = [await addCategory(me), await addCategory(me)]
    const todo = await addTodo(me, from.id)
    await addSubtodos(me, todo.id, ['keeps its steps'])
    const res = await move(me, todo.id, { categoryId: to.id })
    expect(res.status).toBe(200)
    expect(res.body.subtodos.map((s) => s.content)).toEqual(['keeps its steps'])
    expect(await todoOrder(me, to.id)).toEqual([todo.id])
  })

  it('answers 409 planner.stale_neighbours for a neighbour in another category', async () => {
    const me = await newPlannerUser(server)
    const [one, two] = [await addCategory(me), await addCategory(me)]
    const todo = await addTodo(me, one.id)
    const elsewhere = await addTodo(me, two.id)
    expectProblem(await move(me, todo.id, { after: elsewhere.id }), 409, 'planner.stale_neighbours')
    // Into category two, a neighbour still in category one is just as stale.
    expectProblem(
      await move(me, elsewhere.id, { categoryId: one.id, before: elsewhere.id }),
      400,
      'planner.invalid_neighbour',
    )
    const other = await addTodo(me, one.id)
    expectProblem(await move(me, todo.id, { categoryId: two.id, before: other.id }), 409, 'planner.stale_neighbours')
    expect((await getTodo(me, todo.id)).categoryId).toBe(one.id)
  })

  it('answers 409 planner.stale_neighbours when `after` is below `before`', async () => {
    const { me, category, a, b, c, d } = await fourTodos()
    expectProblem(await move(me, a.id, { after: d.id, before: b.id }), 409, 'planner.stale_neighbours')
    expect(await todoOrder(me, category.id)).toEqual([a.id, b.id, c.id, d.id])
  })

  it('answers 400 planner.invalid_neighbour when a todo is its own neighbour', async () => {
    const { me, a } = await fourTodos()
    expectProblem(await move(me, a.id, { before: a.id }), 400, 'planner.invalid_neighbour')
  })

  it('answers 404 planner.todo_not_found for an unknown todo or neighbour', async () => {
    const { me, a } = await fourTodos()
    expectProblem(await move(me, randomUUID(), { after: a.id }), 404, 'planner.todo_not_found')
    const res = await move(me, a.id, { after: randomUUID() })
    expectProblem(res, 404, 'planner.todo_not_found')
    expect(res.body).toMatchObject({ errors: [{ pointer: '/body/after' }] })
  })

  it('answers 404 planner.category_not_found for an unknown target category', async () => {
    const { me, a } = await fourTodos()
    expectProblem(await move(me, a.id, { categoryId: randomUUID() }), 404, 'planner.category_not_found')
  })
})
