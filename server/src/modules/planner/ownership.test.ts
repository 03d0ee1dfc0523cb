import type { CategoryList, Problem, TodoList } from '@madang/contracts'
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

/** A user with one category, a dated todo and a subtodo: everything a stranger might reach for. */
async function plannerOf(user: PlannerUser) {
  const category = await addCategory(user)
  const todo = await addTodo(user, category.id, { date: '2025-04-07' })
  const [subtodo] = await addSubtodos(user, todo.id, ['step'])
  if (subtodo === undefined) throw new Error('no subtodo')
  return { category, todo: await getTodo(user, todo.id), subtodo }
}

async function snapshot(user: PlannerUser) {
  const categories = await user.call<CategoryList>('GET', '/categories')
  const todos = await user.call<TodoList>('GET', '/todos?from=2025-04-01&to=2025-04-30')
  return { categories: categories.body, todos: todos.body }
}

describe("another user's planner", () => {
  it('answers 404 to every route naming one of their ids and changes nothing of theirs', async () => {
    const owner = await newPlannerUser(server)
    const stranger = await newPlannerUser(server)
    const theirs = await plannerOf(owner)
    const mine = await plannerOf(stranger)
    const before = await snapshot(owner)

    const attempts: Array<{ method: string; path: string; body?: unknown; code: string }> = [
      {
        method: 'PATCH',
        path: `/categories/${theirs.category.id}`,
        body: { title: 'Mine now' },
        code: 'planner.category_not_found',
      },
      { method: 'DELETE', path: `/categories/${theirs.category.id}?todos=delete`, code: 'planner.category_not_found' },
      { method: 'POST', path: `/categories/${theirs.category.id}/move`, body: {}, code: 'planner.category_not_found' },
      { method: 'GET', path: `/categories/${theirs.category.id}/todos`, code: 'planner.category_not_found' },
      {
        method: 'POST',
        path: `/categories/${mine.category.id}/move`,
        body: { after: theirs.category.id },
        code: 'planner.category_not_found',
      },
      {
        method: 'DELETE',
        path: `/categories/${mine.category.id}?todos=move&to=${theirs.category.id}`,
        code: 'planner.category_not_found',
      },
      {
        method: 'POST',
        path: '/todos',
        body: { content: 'x', categoryId: theirs.category.id },
        code: 'planner.category_not_found',
      },
      { method: 'GET', path: `/todos/${theirs.todo.id}`, code: 'planner.todo_not_found' },
      { method: 'PATCH', path: `/todos/${theirs.todo.id}`, body: { isDone: true }, code: 'planner.todo_not_found' },
      { method: 'DELETE', path: `/todos/${theirs.todo.id}`, code: 'planner.todo_not_found' },
      { method: 'POST', path: `/todos/${theirs.todo.id}/move`, body: {}, code: 'planner.todo_not_found' },
      {
        method: 'POST',
        path: `/todos/${theirs.todo.id}/move`,
        body: { categoryId: mine.category.id },
        code: 'planner.todo_not_found',
      },
      {
        method: 'POST',
        path: `/todos/${mine.todo.id}/move`,
        body: { before: theirs.todo.id },
        code: 'planner.todo_not_found',
      },
      {
        method: 'POST',
        path: `/todos/${mine.todo.id}/move`,
        body: { categoryId: theirs.category.id },
        code: 'planner.category_not_found',
      },
      {
        method: 'PATCH',
        path: `/todos/${mine.todo.id}`,
        body: { categoryId: theirs.category.id },
        code: 'planner.category_not_found',
      },
      {
        method: 'POST',
        path: `/todos/${theirs.todo.id}/subtodos`,
        body: { items: [{ content: 'x' }] },
        code: 'planner.todo_not_found',
      },
      {
        method: 'PATCH',
        path: `/subtodos/${theirs.subtodo.id}`,
        body: { isDone: true },
        code: 'planner.subtodo_not_found',
      },
      { method: 'DELETE', path: `/subtodos/${theirs.subtodo.id}`, code: 'planner.subtodo_not_found' },
      { method: 'POST', path: `/subtodos/${theirs.subtodo.id}/move`, body: {}, code: 'planner.subtodo_not_found' },
      {
        method: 'POST',
        path: `/subtodos/${mine.subtodo.id}/move`,
        body: { after: theirs.subtodo.id },
        code: 'planner.subtodo_not_found',
      },
      { method: 'POST', path: `/todos/${theirs.todo.id}/breakdown`, body: {}, code: 'planner.todo_not_found' },
      { method: 'POST', path: `/subtodos/${theirs.subtodo.id}/breakdown`, body: {}, code: 'planner.subtodo_not_found' },
      {
        method: 'POST',
        path: `/subtodos/${theirs.subtodo.id}/split`,
        body: { items: [{ content: 'x' }], replace: true },
        code: 'planner.subtodo_not_found',
      },
    ]
    for (const attempt of attempts) {
      const res = await stranger.call<Problem>(attempt.method, attempt.path, attempt.body)
      expect({ route: `${attempt.method} ${attempt.path}`, status: res.status, code: res.body.code }).toEqual({
        route: `${attempt.method} ${attempt.path}`,
        status: 404,
        code: attempt.code,
      })
    }

    expect(await snapshot(owner)).toEqual(before)
    expect(await getTodo(owner, theirs.todo.id)).toEqual(theirs.todo)
    // The stranger's own things are untouched as well.
    expect(await getTodo(stranger, mine.todo.id)).toEqual(mine.todo)
  })

  it('requires a signed-in caller on every planner route: 401 auth.missing_token', async () => {
    for (const [method, path] of [
      ['GET', '/categories'],
      ['GET', '/todos?from=2025-04-01&to=2025-04-02'],
      ['GET', '/todos/inbox'],
      ['POST', '/todos'],
      ['PATCH', '/subtodos/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await server.http(method, `/api/planner${path}`, { body: method === 'GET' ? undefined : {} })
      expectProblem(res, 401, 'auth.missing_token')
    }
  })
})
