import type { Subtodo, SubtodoList, Todo, TodoPage } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'
import { addCategory, addTodo, getTodo, newPlannerUser, todoOrder } from './testing.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

function expectDistinctAscending(ranks: string[]) {
  expect(new Set(ranks).size).toBe(ranks.length)
  expect([...ranks].sort()).toEqual(ranks)
}

describe('concurrent changes to one list', () => {
  it('gives 20 todos moved at once right below the same neighbour 20 distinct ranks there', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const anchor = await addTodo(me, category.id)
    const next = await addTodo(me, category.id)
    const movers: Todo[] = []
    for (let i = 0; i < 20; i++) movers.push(await addTodo(me, category.id))

    const results = await Promise.all(
      movers.map((todo) => me.call<Todo>('POST', `/todos/${todo.id}/move`, { after: anchor.id })),
    )
    expect(results.map((r) => r.status)).toEqual(movers.map(() => 200))

    const page = await me.call<TodoPage>('GET', `/categories/${category.id}/todos?limit=200`)
    const order = page.body.items.map((t) => t.id)
    expectDistinctAscending(page.body.items.map((t) => t.rank))
    expect(order).toHaveLength(22)
    expect(order[0]).toBe(anchor.id)
    expect(order.at(-1)).toBe(next.id)
    expect(new Set(order.slice(1, -1))).toEqual(new Set(movers.map((t) => t.id)))
  })

  it('settles two todos moved below each other at once into a valid order', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const x = await addTodo(me, category.id)
    const y = await addTodo(me, category.id)
    const z = await addTodo(me, category.id)
    const [first, second] = await Promise.all([
      me.call<Todo>('POST', `/todos/${x.id}/move`, { after: y.id }),
      me.call<Todo>('POST', `/todos/${y.id}/move`, { after: x.id }),
    ])
    expect([first.status, second.status]).toEqual([200, 200])
    const order = await todoOrder(me, category.id)
    expect(order.slice(-1)).toEqual([z.id])
    expect(new Set(order)).toEqual(new Set([x.id, y.id, z.id]))
  })

  it('gives 30 todos created at once in one category 30 distinct ranks', async () => {
    const me = await newPlannerUser(server)
    const category = await addCategory(me)
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        me.call<Todo>('POST', '/todos', { content: `Parallel ${i}`, categoryId: category.id }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201))
    const page = await me.call<TodoPage>('GET', `/categories/${category.id}/todos?limit=200`)
    expect(page.body.items).toHaveLength(30)
    expectDistinctAscending(page.body.items.map((t) => t.rank))
  })

  it('keeps each of 10 concurrent subtodo batches whole and in its order', async () => {
    const me = await newPlannerUser(server)
    const todo = await addTodo(me, (await addCategory(me)).id)
    const batches = Array.from({ length: 10 }, (_, b) => [`b${b}-1`, `b${b}-2`, `b${b}-3`])
    const results = await Promise.all(
      batches.map((batch) =>
        me.call<SubtodoList>('POST', `/todos/${todo.id}/subtodos`, { items: batch.map((content) => ({ content })) }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(batches.map(() => 201))
    const subtodos: Subtodo[] = (await getTodo(me, todo.id)).subtodos
    expect(subtodos).toHaveLength(30)
    expectDistinctAscending(subtodos.map((s) => s.rank))
    const contents = subtodos.map((s) => s.content)
    for (const batch of batches) {
      const start = contents.indexOf(batch[0] ?? '')
      expect(contents.slice(start, start + 3)).toEqual(batch)
    }
  })

  it('never leaves a todo in a deleted category when a delete races a create', async () => {
    const me = await newPlannerUser(server)
    for (let round = 0; round < 8; round++) {
      const category = await addCategory(me)
      const [deleted, created] = await Promise.all([
        me.call('DELETE', `/categories/${category.id}`),
        me.call<Todo>('POST', '/todos', { content: 'Racing', categoryId: category.id }),
      ])
      // Either the delete came first (the create finds no category) or the create did (the delete finds a todo).
      expect([
        [204, 404],
        [409, 201],
      ]).toContainEqual([deleted.status, created.status])
    }
  })
})
