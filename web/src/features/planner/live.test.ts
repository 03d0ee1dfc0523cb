import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { Todo } from '@madang/contracts'
import { applyRealtimeFrame } from './live.ts'
import { plannerKeys, resyncPlanner } from './queries.ts'
import { aSubtodo, aTodo } from './test-data.ts'

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
