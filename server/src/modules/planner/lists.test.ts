import { randomUUID } from 'node:crypto'
import type { Todo, TodoList, TodoPage } from '@madang/contracts'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db/index.ts'
import { createTestDatabase } from '../../test/database.ts'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { addCategory, addSubtodos, addTodo, expectProblem, newPlannerUser, type PlannerUser } from './testing.ts'

/**
 * The server runs over a Drizzle instance with a query logger on the same connection (PGlite) or
 * database (PostgreSQL) as the test database, so a test can count the SQL statements a request runs.
 */
async function openCountingDatabase(): Promise<{ database: Database; statements: string[]; close(): Promise<void> }> {
  const base = await createTestDatabase()
  const statements: string[] = []
  const logger = { logQuery: (query: string) => void statements.push(query) }
  if (base.pglite !== undefined) {
    return { database: { ...base, db: drizzlePglite(base.pglite, { logger }) }, statements, close: () => base.close() }
  }
  const pool = new pg.Pool({ connectionString: base.url, max: 5 })
  return {
    database: { ...base, db: drizzlePg(pool, { logger }) },
    statements,
    async close() {
      await pool.end()
      await base.close()
    },
  }
}

let counting: Awaited<ReturnType<typeof openCountingDatabase>>
let server: TestServer
beforeAll(async () => {
  counting = await openCountingDatabase()
  server = await startTestServer({ database: counting.database })
})
afterAll(async () => {
  await server?.close()
  await counting?.close()
})

const ids = (todos: Todo[]) => todos.map((t) => t.id)

function listRange(user: PlannerUser, from: string, to: string) {
  return user.call<TodoList>('GET', `/todos?from=${from}&to=${to}`)
}

describe('GET /api/planner/todos?from=&to=', () => {
  it('lists the todos dated within the range, both ends included, by date, category order and rank', async () => {
    const me = await newPlannerUser(server)
    const work = await addCategory(me)
    const home = await addCategory(me)
    const homeMon = await addTodo(me, home.id, { date: '2025-04-07' })
    const workTue = await addTodo(me, work.id, { date: '2025-04-08' })
    const workMon1 = await addTodo(me, work.id, { date: '2025-04-07' })
    const workMon2 = await addTodo(me, work.id, { date: '2025-04-07' })
    const homeWed = await addTodo(me, home.id, { date: '2025-04-09' })
    await addTodo(me, work.id, { date: '2025-04-06' })
    await addTodo(me, work.id, { date: '2025-04-10' })
    await addTodo(me, work.id)
    const other = await newPlannerUser(server)
    await addTodo(other, (await addCategory(other)).id, { date: '2025-04-07' })

    const res = await listRange(me, '2025-04-07', '2025-04-09')
    expect(res.status).toBe(200)
    expect(ids(res.body.items)).toEqual([workMon1.id, workMon2.id, homeMon.id, workTue.id, homeWed.id])

    // Reordering the categories reorders each day.
    await me.call('POST', `/categories/${home.id}/move`, { before: work.id })
    const after = await listRange(me, '2025-04-07', '2025-04-07')
    expect(ids(after.body.items)).toEqual([homeMon.id, workMon1.id, workMon2.id])
  })

  it('brings each todo with its subtodos in order', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const todo = await addTodo(me, category.id, { date: '2025-04-07' })
    const subtodos = await addSubtodos(me, todo.id, ['one', 'two', 'three'])
    const res = await listRange(me, '2025-04-07', '2025-04-07')
    expect(res.body.items).toEqual([{ ...todo, subtodos }])
  })

  it("never lists another user's todos", async () => {
    const me = await newPlannerUser(server)
    const other = await newPlannerUser(server)
    await addTodo(other, (await addCategory(other)).id, { date: '2025-04-07' })
    expect((await listRange(me, '2025-04-07', '2025-04-07')).body.items).toEqual([])
  })

  it('accepts a range of exactly 62 days', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const first = await addTodo(me, category.id, { date: '2025-01-01' })
    const last = await addTodo(me, category.id, { date: '2025-03-03' })
    const res = await listRange(me, '2025-01-01', '2025-03-03')
    expect(res.status).toBe(200)
    expect(ids(res.body.items)).toEqual([first.id, last.id])
  })

  it.each([
    { from: '2025-01-01', to: '2025-03-04', why: 'a range of 63 days', pointer: '/querystring/to' },
    { from: '2025-04-08', to: '2025-04-07', why: '`from` after `to`', pointer: '/querystring/to' },
  ])('answers 400 planner.invalid_date_range for $why', async ({ from, to, pointer }) => {
    const me = await newPlannerUser(server)
    const res = await me.call('GET', `/todos?from=${from}&to=${to}`)
    expectProblem(res, 400, 'planner.invalid_date_range')
    expect(res.body.errors?.map((e) => e.pointer)).toEqual([pointer])
  })

  it.each([
    { query: '?from=2025-04-07', why: 'a missing `to`' },
    { query: '?from=2025-04-07&to=tomorrow', why: 'a malformed date' },
    { query: '?from=2025-02-29&to=2025-03-01', why: 'a date that does not exist' },
  ])('answers 400 http.validation_failed for $why', async ({ query }) => {
    const me = await newPlannerUser(server)
    expectProblem(await me.call('GET', `/todos${query}`), 400, 'http.validation_failed')
  })
})

describe('GET /api/planner/todos/inbox', () => {
  it('lists only the todos without a date, by category order and rank, with subtodos', async () => {
    const me = await newPlannerUser(server)
    const first = await addCategory(me)
    const second = await addCategory(me)
    const secondA = await addTodo(me, second.id)
    const firstA = await addTodo(me, first.id)
    await addTodo(me, first.id, { date: '2025-04-07' })
    const firstB = await addTodo(me, first.id)
    const [step] = await addSubtodos(me, firstB.id, ['step'])
    const res = await me.call<TodoList>('GET', '/todos/inbox')
    expect(ids(res.body.items)).toEqual([firstA.id, firstB.id, secondA.id])
    expect(res.body.items[1]?.subtodos).toEqual([step])
  })
})

describe('GET /api/planner/categories/:id/todos', () => {
  it("pages through a category's todos of every date in rank order", async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const created = []
    for (const date of ['2025-04-07', null, '2025-01-01', '2025-04-07', null]) {
      created.push(await addTodo(me, category.id, { date }))
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`
      const res = await me.call<TodoPage>('GET', `/categories/${category.id}/todos${query}`)
      expect(res.status).toBe(200)
      seen.push(...ids(res.body.items))
      cursor = res.body.nextCursor
      pages += 1
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual(ids(created))
  })

  it('answers 404 planner.category_not_found for an unknown category and 400 for a malformed cursor', async () => {
    const me = await newPlannerUser(server)
    expectProblem(await me.call('GET', `/categories/${randomUUID()}/todos`), 404, 'planner.category_not_found')
    const category = await addCategory(me)
    expectProblem(
      await me.call('GET', `/categories/${category.id}/todos?cursor=a%27%3B`),
      400,
      'http.validation_failed',
    )
    expectProblem(await me.call('GET', `/categories/${category.id}/todos?limit=0`), 400, 'http.validation_failed')
  })
})

describe('statements per list (the N+1 lesson)', () => {
  /** The SQL statements one request runs: all of them, and those on the planner's tables. */
  async function statementsOf(request: () => Promise<{ status: number }>) {
    counting.statements.length = 0
    const res = await request()
    expect(res.status).toBe(200)
    const all = [...counting.statements]
    return { total: all.length, planner: all.filter((s) => s.includes('"planner".')).length }
  }

  async function measureLists(me: PlannerUser, categoryId: string) {
    return {
      range: await statementsOf(() => listRange(me, '2025-04-01', '2025-04-30')),
      inbox: await statementsOf(() => me.call('GET', '/todos/inbox')),
      category: await statementsOf(() => me.call('GET', `/categories/${categoryId}/todos?limit=200`)),
    }
  }

  async function addTodosWithSubtodos(me: PlannerUser, categoryId: string, count: number) {
    for (let i = 0; i < count; i++) {
      const dated = await addTodo(me, categoryId, { date: `2025-04-${String((i % 28) + 1).padStart(2, '0')}` })
      await addSubtodos(me, dated.id, ['a', 'b', 'c'])
      const undated = await addTodo(me, categoryId)
      await addSubtodos(me, undated.id, ['d', 'e'])
    }
  }

  it('runs the same fixed number of statements for 1 and for 50 todos', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    await addTodosWithSubtodos(me, category.id, 1)
    const withOne = await measureLists(me, category.id)
    await addTodosWithSubtodos(me, category.id, 49)
    const withFifty = await measureLists(me, category.id)

    // One statement per date or inbox list; the category list also checks the category is the caller's.
    expect(withOne.range.planner).toBe(1)
    expect(withOne.inbox.planner).toBe(1)
    expect(withOne.category.planner).toBe(2)
    expect(withFifty).toEqual(withOne)

    const range = await listRange(me, '2025-04-01', '2025-04-30')
    expect(range.body.items).toHaveLength(50)
    expect(range.body.items.every((t) => t.subtodos.map((s) => s.content).join() === 'a,b,c')).toBe(true)
    const inbox = await me.call<TodoList>('GET', '/todos/inbox')
    expect(inbox.body.items).toHaveLength(50)
    expect(inbox.body.items.every((t) => t.subtodos.length === 2)).toBe(true)
  })
})
