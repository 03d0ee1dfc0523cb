import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query'
import { waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Category, Todo } from '@madang/contracts'
import { applyRealtimeFrame } from './live.ts'
import { plannerKeys, resyncPlanner } from './queries.ts'
import { aCategory, aSubtodo, aTodo } from './test-data.ts'

function clientWith(entries: Array<[readonly unknown[], unknown]>): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  for (const [key, data] of entries) client.setQueryData(key, data)
  return client
}

describe('applyRealtimeFrame', () => {
  it('moves a todo from the week into the inbox when its date is cleared, and updates its sheet', () => {
    const todo = aTodo({ id: 't1', date: '2026-11-24' })
    const client = clientWith([
      [plannerKeys.range('2026-11-23', '2026-11-29'), [todo]],
      [plannerKeys.inbox(), []],
      [plannerKeys.todo('t1'), todo],
    ])
    const moved = { ...todo, date: null, updatedAt: '2026-11-22T00:00:00.000Z' }
    applyRealtimeFrame(client, { event: 'planner.todo_updated', data: { originSessionId: 's', todo: moved } })
    expect(client.getQueryData<Todo[]>(plannerKeys.range('2026-11-23', '2026-11-29'))).toEqual([])
    expect(client.getQueryData<Todo[]>(plannerKeys.inbox())).toEqual([moved])
    expect(client.getQueryData<Todo>(plannerKeys.todo('t1'))?.date).toBeNull()
  })

  it('adds created subtodos to the open todo', () => {
    const client = clientWith([[plannerKeys.todo('t1'), aTodo({ id: 't1' })]])
    const subtodo = aSubtodo({ id: 's1', todoId: 't1' })
    applyRealtimeFrame(client, {
      event: 'planner.subtodos_created',
      data: { originSessionId: 's', todoId: 't1', subtodos: [subtodo] },
    })
    expect(client.getQueryData<Todo>(plannerKeys.todo('t1'))?.subtodos).toEqual([subtodo])
  })

  it('ignores events of other modules', () => {
    const week = [aTodo({ id: 't1' })]
    const client = clientWith([[plannerKeys.range('2026-11-23', '2026-11-29'), week]])
    applyRealtimeFrame(client, { event: 'tasks.task_changed', data: { id: 'x' } })
    expect(client.getQueryData(plannerKeys.range('2026-11-23', '2026-11-29'))).toBe(week)
  })

  it('shows the new category in an open sheet when its category goes while the sheet is being fetched again', async () => {
    const work = aCategory({ id: 'c1', title: 'Work', rank: 'a0' })
    const home = aCategory({ id: 'c2', title: 'Home', rank: 'a1' })
    const todo = aTodo({ id: 't1', categoryId: 'c1' })
    const moved = { ...todo, categoryId: 'c2', rank: 'a5', updatedAt: '2026-11-22T00:00:00.000Z' }
    // The server reads its state when asked and answers when the test says: an answer can be
    // read before the delete and arrive after its event, as on a slow network.
    let state: { categories: Category[]; todo: Todo } = { categories: [work, home], todo }
    const held: Array<() => void> = []
    const ask = <T>(read: () => T) => {
      const answer = read()
      return new Promise<T>((resolve) => held.push(() => resolve(answer)))
    }
    const answerAll = async () => {
      while (held.length > 0) {
        held.shift()?.()
        await Promise.resolve()
      }
    }
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
    // The open sheet watches the todo and the categories.
    const watch = (queryKey: QueryKey, queryFn: () => Promise<unknown>) =>
      new QueryObserver(client, { queryKey, queryFn }).subscribe(() => undefined)
    watch(plannerKeys.todo('t1'), () => ask(() => state.todo))
    watch(plannerKeys.categories(), () => ask(() => state.categories))
    await answerAll()
    await waitFor(() => expect(client.getQueryData<Todo>(plannerKeys.todo('t1'))?.categoryId).toBe('c1'))

    // Asked again (the window got the focus back, say) just before the delete on another device.
    void client.refetchQueries({ queryKey: plannerKeys.all })
    state = { categories: [home], todo: moved }
    applyRealtimeFrame(client, {
      event: 'planner.category_deleted',
      data: { originSessionId: 's', id: 'c1', deletedTodoIds: [], toCategoryId: 'c2', movedTodos: [moved] },
    })
    await answerAll()

    await waitFor(() => expect(client.getQueryData<Todo>(plannerKeys.todo('t1'))?.categoryId).toBe('c2'))
    expect(client.getQueryData<Category[]>(plannerKeys.categories())?.map((category) => category.id)).toEqual(['c2'])
  })

  it('marks every planner query stale on resync', async () => {
    const client = clientWith([
      [plannerKeys.inbox(), []],
      [plannerKeys.categories(), []],
      [['settings'], {}],
    ])
    await resyncPlanner(client)
    expect(client.getQueryState(plannerKeys.inbox())?.isInvalidated).toBe(true)
    expect(client.getQueryState(plannerKeys.categories())?.isInvalidated).toBe(true)
    expect(client.getQueryState(['settings'])?.isInvalidated).toBe(false)
  })
})
