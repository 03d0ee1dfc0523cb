import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectOnlineManager, MUTATION_QUEUE_SCOPE, Reachability } from '../../lib/offline.ts'
import { persistWaitingChanges, storedChangesKey, type UserSource } from '../../lib/offline-persist.ts'
import { PLANNER_CHANGES, registerPlannerChanges, useCreateTodo, useMoveTodo, useUpdateTodo } from './mutations.ts'
import { aTodo } from './test-data.ts'

/** The planner's changes made offline are sent by a later page from their stored variables alone. */

const MINA = 'user-mina'
const signedIn: UserSource = { currentUserId: () => MINA, subscribe: () => () => undefined }

function newClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: { mutations: { networkMode: 'online', scope: { id: MUTATION_QUEUE_SCOPE } } },
  })
  registerPlannerChanges(client)
  client.mount()
  return client
}

/** Records each request; answers every one with an empty 200. */
function stubServer() {
  const sent: Array<{ method: string; path: string; body: unknown }> = []
  vi.stubGlobal('fetch', (input: URL | string, init: RequestInit = {}) => {
    sent.push({
      method: init.method ?? 'GET',
      path: new URL(String(input), 'http://localhost').pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
    })
    return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }))
  })
  return sent
}

function setBrowserOnline(online: boolean): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online)
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

beforeEach(() => {
  localStorage.clear()
  connectOnlineManager(new Reachability(true))
})
afterEach(() => {
  onlineManager.setEventListener(() => undefined)
  onlineManager.setOnline(true)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('planner changes made offline', () => {
  it('are every one registered as replayable', () => {
    const client = newClient()
    for (const { key } of Object.values(PLANNER_CHANGES)) {
      expect(client.getMutationDefaults(key)).toMatchObject({ meta: { replayable: true } })
    }
    client.unmount()
  })

  it('are sent, in order, by the next page from what was stored', async () => {
    const sent = stubServer()
    const first = newClient()
    const stopFirst = persistWaitingChanges(first, { users: signedIn })
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={first}>{children}</QueryClientProvider>
    )
    const { result, unmount } = renderHook(
      () => ({ update: useUpdateTodo(), create: useCreateTodo(), move: useMoveTodo() }),
      {
        wrapper,
      },
    )
    const plums = aTodo({ id: 't1', content: 'Buy plums', rank: 'a1' })
    const basil = aTodo({ id: 't2', content: 'Water the basil', rank: 'a0' })
    setBrowserOnline(false)
    act(() => {
      result.current.update.mutate({ id: 't1', body: { isDone: true } })
      result.current.create.mutate({ categoryId: 'c1', content: 'Call the plumber' })
      result.current.move.mutate({ item: plums, after: null, before: basil })
    })
    await waitFor(() => expect(first.isMutating()).toBe(3))
    const raw = localStorage.getItem(storedChangesKey(MINA))
    expect(raw).not.toBeNull()
    // The phone kills the tab.
    unmount()
    stopFirst()
    first.unmount()

    setBrowserOnline(true)
    const next = newClient()
    const replayed = vi.fn()
    const stopNext = persistWaitingChanges(next, { users: signedIn, onReplayed: replayed })
    await waitFor(() => expect(replayed).toHaveBeenCalledOnce())
    expect(sent).toEqual([
      { method: 'PATCH', path: '/api/planner/todos/t1', body: { isDone: true } },
      { method: 'POST', path: '/api/planner/todos', body: { categoryId: 'c1', content: 'Call the plumber' } },
      { method: 'POST', path: '/api/planner/todos/t1/move', body: { before: 't2' } },
    ])
    expect(localStorage.getItem(storedChangesKey(MINA))).toBeNull()
    stopNext()
    next.unmount()
  })
})
