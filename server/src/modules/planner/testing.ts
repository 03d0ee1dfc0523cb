import type { AuthResult, Category, Problem, Subtodo, SubtodoList, Todo } from '@madang/contracts'
import { expect } from 'vitest'
import { signUpUser, type HttpResponse, type TestServer } from '../../test/server.ts'

export { expectProblem } from '../../test/server.ts'

/** Test helpers for the planner's HTTP tests: a signed-in user and shortcuts that expect success. */

export interface PlannerUser {
  userId: string
  sessionId: string
  token: string
  /** The sign-up input, to sign the same user in on another device. */
  login: { username: string; password: string }
  /** Calls /api/planner<path> as this user. */
  call<T = Problem>(method: string, path: string, body?: unknown): Promise<HttpResponse<T>>
}

/** A new user, signed up with `overrides` of the sign-up input (e.g. `{ locale: 'ko' }`). */
export async function newPlannerUser(
  server: TestServer,
  overrides: Record<string, unknown> = {},
): Promise<PlannerUser> {
  const { input, auth } = await signUpUser(server, overrides)
  return asUser(server, auth, input)
}

/** The same user signed in on another device (a second session). */
export async function signInAgain(server: TestServer, user: PlannerUser): Promise<PlannerUser> {
  return signIn(server, user.login)
}

/** A user that already exists (e.g. made staff by ensureStaffUser), signed in. */
export async function signIn(server: TestServer, login: { username: string; password: string }): Promise<PlannerUser> {
  const res = await server.http<AuthResult>('POST', '/api/accounts/signin', {
    body: { login: login.username, password: login.password },
  })
  expect(res.status).toBe(200)
  return asUser(server, res.body, login)
}

function asUser(server: TestServer, auth: AuthResult, login: { username: string; password: string }): PlannerUser {
  const token = auth.tokens.accessToken
  return {
    userId: auth.user.id,
    sessionId: auth.tokens.sessionId,
    token,
    login: { username: login.username, password: login.password },
    call: (method, path, body) => server.http(method, `/api/planner${path}`, { token, body }),
  }
}

let counter = 0

export async function addCategory(user: PlannerUser, body: Record<string, unknown> = {}): Promise<Category> {
  counter += 1
  const res = await user.call<Category>('POST', '/categories', { title: `Category ${counter}`, ...body })
  expect(res.status).toBe(201)
  return res.body
}

export async function addTodo(
  user: PlannerUser,
  categoryId: string,
  body: Record<string, unknown> = {},
): Promise<Todo> {
  counter += 1
  const res = await user.call<Todo>('POST', '/todos', { content: `Todo ${counter}`, categoryId, ...body })
  expect(res.status).toBe(201)
  return res.body
}

export async function addSubtodos(
  user: PlannerUser,
  todoId: string,
  items: Array<string | Record<string, unknown>>,
): Promise<Subtodo[]> {
  const res = await user.call<SubtodoList>('POST', `/todos/${todoId}/subtodos`, {
    items: items.map((item) => (typeof item === 'string' ? { content: item } : item)),
  })
  expect(res.status).toBe(201)
  return res.body.items
}

export async function getTodo(user: PlannerUser, id: string): Promise<Todo> {
  const res = await user.call<Todo>('GET', `/todos/${id}`)
  expect(res.status).toBe(200)
  return res.body
}

/** The ids of a category's todos in the order the server lists them. */
export async function todoOrder(user: PlannerUser, categoryId: string): Promise<string[]> {
  const res = await user.call<{ items: Todo[] }>('GET', `/categories/${categoryId}/todos?limit=200`)
  expect(res.status).toBe(200)
  return res.body.items.map((t) => t.id)
}
