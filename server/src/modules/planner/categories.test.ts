import { randomUUID } from 'node:crypto'
import type { Category, CategoryList, Problem, Todo, TodoPage } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import {
  addCategory,
  addSubtodos,
  addTodo,
  expectProblem,
  newPlannerUser,
  todoOrder,
  type PlannerUser,
} from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

async function categoryOrder(user: PlannerUser): Promise<string[]> {
  const res = await user.call<CategoryList>('GET', '/categories')
  expect(res.status).toBe(200)
  return res.body.items.map((c) => c.id)
}

describe('POST /api/planner/categories', () => {
  it('adds categories at the bottom, in creation order, with a rank and the default color', async () => {
    const me = await newPlannerUser(server)
    const work = await addCategory(me, { title: '  Work  ' })
    const home = await addCategory(me, { title: 'Home', color: 'teal' })
    expect(work).toMatchObject({ title: 'Work', color: 'gray' })
    expect(home).toMatchObject({ title: 'Home', color: 'teal' })
    expect(work.rank < home.rank).toBe(true)
    expect(await categoryOrder(me)).toEqual([work.id, home.id])
  })

  it.each(['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'gray'])(
    'accepts the palette color %s',
    async (color) => {
      const me = await newPlannerUser(server)
      expect((await addCategory(me, { color })).color).toBe(color)
    },
  )

  it('accepts any #RRGGBB color and stores it in lower case', async () => {
    const me = await newPlannerUser(server)
    expect((await addCategory(me, { color: '#A1b2C3' })).color).toBe('#a1b2c3')
  })

  it.each([
    { body: { title: 'x', color: 'magenta' }, pointer: '/body/color' },
    { body: { title: 'x', color: '#12345' }, pointer: '/body/color' },
    { body: { title: 'x', color: 3 }, pointer: '/body/color' },
    { body: { title: '' }, pointer: '/body/title' },
    { body: { title: 'x'.repeat(101) }, pointer: '/body/title' },
    { body: {}, pointer: '/body/title' },
    { body: { title: 'x', rank: 'a0' }, pointer: '/body/rank' },
  ])('answers 400 http.validation_failed for $body', async ({ body, pointer }) => {
    const me = await newPlannerUser(server)
    const res = await me.call('POST', '/categories', body)
    expectProblem(res, 400, 'http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toContain(pointer)
  })

  it('answers 400 http.validation_failed for a blank title', async () => {
    const me = await newPlannerUser(server)
    const res = await me.call('POST', '/categories', { title: '   ' })
    expectProblem(res, 400, 'http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/body/title'])
    expect(await categoryOrder(me)).toEqual([])
  })

  it('requires an access token: 401 auth.missing_token', async () => {
    const res = await server.http<Problem>('POST', '/api/planner/categories', { body: { title: 'x' } })
    expectProblem(res, 401, 'auth.missing_token')
  })
})

describe('GET /api/planner/categories', () => {
  it("lists only the caller's categories", async () => {
    const me = await newPlannerUser(server)
    const other = await newPlannerUser(server)
    const mine = await addCategory(me)
    await addCategory(other)
    const res = await me.call<CategoryList>('GET', '/categories')
    expect(res.body.items).toEqual([mine])
  })
})

describe('PATCH /api/planner/categories/:id', () => {
  it('renames and recolors a category, keeping its place', async () => {
    const me = await newPlannerUser(server)
    const first = await addCategory(me)
    const second = await addCategory(me)
    const res = await me.call<Category>('PATCH', `/categories/${first.id}`, { title: 'Errands', color: '#00FF00' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: first.id, title: 'Errands', color: '#00ff00', rank: first.rank })
    expect(await categoryOrder(me)).toEqual([first.id, second.id])
  })

  it('answers 400 http.validation_failed for an empty patch or a malformed id', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    expectProblem(await me.call('PATCH', `/categories/${category.id}`, {}), 400, 'http.validation_failed')
    const malformed = await me.call('PATCH', '/categories/not-a-uuid', { title: 'x' })
    expectProblem(malformed, 400, 'http.validation_failed')
    expect(malformed.body.errors?.map((e) => e.pointer)).toEqual(['/params/id'])
  })

  it('answers 404 planner.category_not_found for an unknown id', async () => {
    const me = await newPlannerUser(server)
    expectProblem(
      await me.call('PATCH', `/categories/${randomUUID()}`, { title: 'x' }),
      404,
      'planner.category_not_found',
    )
  })
})

describe('POST /api/planner/categories/:id/move', () => {
  async function threeCategories() {
    const me = await newPlannerUser(server)
    const [a, b, c] = [await addCategory(me), await addCategory(me), await addCategory(me)]
    return { me, a, b, c }
  }

  it('moves a category to the top by naming the first as `before`', async () => {
    const { me, a, b, c } = await threeCategories()
    const res = await me.call<Category>('POST', `/categories/${c.id}/move`, { before: a.id })
    expect(res.status).toBe(200)
    expect(res.body.rank < a.rank).toBe(true)
    expect(await categoryOrder(me)).toEqual([c.id, a.id, b.id])
  })

  it('moves a category to the bottom by naming the last as `after`', async () => {
    const { me, a, b, c } = await threeCategories()
    await me.call('POST', `/categories/${a.id}/move`, { after: c.id })
    expect(await categoryOrder(me)).toEqual([b.id, c.id, a.id])
  })

  it('moves a category between two neighbours', async () => {
    const { me, a, b, c } = await threeCategories()
    await me.call('POST', `/categories/${c.id}/move`, { after: a.id, before: b.id })
    expect(await categoryOrder(me)).toEqual([a.id, c.id, b.id])
  })

  it('moves a category to the bottom when no neighbour is named', async () => {
    const { me, a, b, c } = await threeCategories()
    await me.call('POST', `/categories/${a.id}/move`, {})
    expect(await categoryOrder(me)).toEqual([b.id, c.id, a.id])
  })

  it('answers 409 planner.stale_neighbours when `after` no longer precedes `before`', async () => {
    const { me, a, b, c } = await threeCategories()
    const res = await me.call('POST', `/categories/${b.id}/move`, { after: c.id, before: a.id })
    expectProblem(res, 409, 'planner.stale_neighbours')
    expect(await categoryOrder(me)).toEqual([a.id, b.id, c.id])
  })

  it('answers 400 planner.invalid_neighbour when a category is named as its own neighbour', async () => {
    const { me, a, b } = await threeCategories()
    expectProblem(await me.call('POST', `/categories/${a.id}/move`, { after: a.id }), 400, 'planner.invalid_neighbour')
    expectProblem(
      await me.call('POST', `/categories/${a.id}/move`, { after: b.id, before: a.id }),
      400,
      'planner.invalid_neighbour',
    )
  })

  it('answers 404 planner.category_not_found for an unknown neighbour, pointing at it', async () => {
    const { me, a } = await threeCategories()
    const res = await me.call('POST', `/categories/${a.id}/move`, { before: randomUUID() })
    expectProblem(res, 404, 'planner.category_not_found')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/body/before'])
  })

  it('answers 400 http.validation_failed for a malformed neighbour id', async () => {
    const { me, a } = await threeCategories()
    const res = await me.call('POST', `/categories/${a.id}/move`, { after: 'first' })
    expectProblem(res, 400, 'http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/body/after'])
  })
})

describe('DELETE /api/planner/categories/:id', () => {
  it('deletes an empty category', async () => {
    const me = await newPlannerUser(server)
    const keep = await addCategory(me)
    const gone = await addCategory(me)
    const res = await me.call('DELETE', `/categories/${gone.id}`)
    expect(res.status).toBe(204)
    expect(await categoryOrder(me)).toEqual([keep.id])
    expectProblem(await me.call('DELETE', `/categories/${gone.id}`), 404, 'planner.category_not_found')
  })

  it('answers 409 planner.category_not_empty for a category with todos and keeps everything', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const todo = await addTodo(me, category.id)
    const res = await me.call('DELETE', `/categories/${category.id}`)
    expectProblem(res, 409, 'planner.category_not_empty')
    expect(await categoryOrder(me)).toEqual([category.id])
    expect(await todoOrder(me, category.id)).toEqual([todo.id])
  })

  it('deletes the todos and their subtodos too with ?todos=delete', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const todo = await addTodo(me, category.id)
    const [subtodo] = await addSubtodos(me, todo.id, ['step'])
    const res = await me.call('DELETE', `/categories/${category.id}?todos=delete`)
    expect(res.status).toBe(204)
    expectProblem(await me.call('GET', `/todos/${todo.id}`), 404, 'planner.todo_not_found')
    expectProblem(
      await me.call('PATCH', `/subtodos/${subtodo?.id}`, { isDone: true }),
      404,
      'planner.subtodo_not_found',
    )
  })

  it('moves the todos, in their order and with their subtodos, below those of the target with ?todos=move&to=', async () => {
    const me = await newPlannerUser(server)
    const from = await addCategory(me)
    const to = await addCategory(me)
    const existing = await addTodo(me, to.id)
    const first = await addTodo(me, from.id, { date: '2025-03-01' })
    const second = await addTodo(me, from.id)
    await addSubtodos(me, first.id, ['a', 'b'])
    const res = await me.call('DELETE', `/categories/${from.id}?todos=move&to=${to.id}`)
    expect(res.status).toBe(204)
    expect(await todoOrder(me, to.id)).toEqual([existing.id, first.id, second.id])
    const page = await me.call<TodoPage>('GET', `/categories/${to.id}/todos`)
    const moved = page.body.items.find((t) => t.id === first.id)
    expect(moved).toMatchObject({ categoryId: to.id, date: '2025-03-01' })
    expect(moved?.subtodos.map((s) => s.content)).toEqual(['a', 'b'])
    expectProblem(await me.call('GET', `/categories/${from.id}/todos`), 404, 'planner.category_not_found')
  })

  it.each([
    { query: '?todos=move', why: 'without `to`' },
    { query: '?to=SELF', why: 'with `to` but no todos=move' },
    { query: '?todos=move&to=SELF', why: 'into the category being deleted' },
  ])('answers 400 planner.invalid_move_target $why', async ({ query }) => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    await addTodo(me, category.id)
    const res = await me.call('DELETE', `/categories/${category.id}${query.replace('SELF', category.id)}`)
    expectProblem(res, 400, 'planner.invalid_move_target')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/querystring/to'])
    expect(await categoryOrder(me)).toEqual([category.id])
  })

  it("answers 404 planner.category_not_found when moving the todos into another user's category", async () => {
    const me = await newPlannerUser(server)
    const other = await newPlannerUser(server)
    const category = await addCategory(me)
    const todo = await addTodo(me, category.id)
    const theirs = await addCategory(other)
    const res = await me.call('DELETE', `/categories/${category.id}?todos=move&to=${theirs.id}`)
    expectProblem(res, 404, 'planner.category_not_found')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/querystring/to'])
    expect(await todoOrder(me, category.id)).toEqual([todo.id])
    expect((await other.call<TodoPage>('GET', `/categories/${theirs.id}/todos`)).body.items).toEqual([])
  })

  it('answers 400 http.validation_failed for an unknown disposition', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const res = await me.call('DELETE', `/categories/${category.id}?todos=archive`)
    expectProblem(res, 400, 'http.validation_failed')
    expect(res.body.errors?.map((e) => e.pointer)).toContain('/querystring/todos')
  })

  it('keeps the todos of other categories when deleting one with ?todos=delete', async () => {
    const me = await newPlannerUser(server)
    const gone = await addCategory(me)
    const kept = await addCategory(me)
    await addTodo(me, gone.id)
    const survivor: Todo = await addTodo(me, kept.id)
    expect((await me.call('DELETE', `/categories/${gone.id}?todos=delete`)).status).toBe(204)
    expect(await todoOrder(me, kept.id)).toEqual([survivor.id])
  })
})
