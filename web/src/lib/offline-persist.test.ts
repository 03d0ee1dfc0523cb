import { MutationObserver, onlineManager, QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  connectOnlineManager,
  guardWaitingChanges,
  MUTATION_QUEUE_SCOPE,
  Reachability,
  waitingMutations,
} from './offline.ts'
import {
  persistWaitingChanges,
  registerReplayableChange,
  STORED_CHANGES_VERSION,
  storedChangesKey,
  unsavedMutations,
  type UserSource,
} from './offline-persist.ts'

/** Waiting changes as a later page finds them: what survives is storage, not the page's memory. */

const MINA = 'user-mina'
const JOON = 'user-joon'
const RENAME = ['test', 'rename'] as const
const SETTINGS = ['test', 'settings'] as const

/** Who is signed in, switched by the test (session.ts in the app). */
class FakeUsers implements UserSource {
  private readonly listeners = new Set<() => void>()
  private userId: string | null
  constructor(userId: string | null) {
    this.userId = userId
  }
  currentUserId(): string | null {
    return this.userId
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  signIn(userId: string | null): void {
    this.userId = userId
    for (const listener of this.listeners) listener()
  }
}

/** A server the test answers: records each request when it is sent, refuses what `refuse` names. */
function fakeServer(refuse: string[] = []) {
  const sent: string[] = []
  const send = (name: string) => {
    sent.push(name)
    return refuse.includes(name) ? Promise.reject(new Error(`409 ${name}`)) : Promise.resolve(name)
  }
  return { sent, send }
}

/** One page of the app: its own query client, the replayable change registered, persistence on. */
function openPage(users: UserSource, server = fakeServer(), storage: Storage | null = localStorage) {
  const queryClient = new QueryClient({
    defaultOptions: { mutations: { networkMode: 'online', scope: { id: MUTATION_QUEUE_SCOPE } } },
  })
  queryClient.mount()
  registerReplayableChange(queryClient, RENAME, server.send)
  let replayed = 0
  const stop = persistWaitingChanges(queryClient, { users, storage, onReplayed: () => (replayed += 1) })
  const change = (name: string, key: readonly string[] = RENAME) =>
    void new MutationObserver(queryClient, { mutationKey: key, mutationFn: server.send })
      .mutate(name)
      .catch(() => undefined)
  const close = () => {
    stop()
    queryClient.unmount()
  }
  return { queryClient, server, change, close, replayed: () => replayed }
}

function stored(userId: string): unknown {
  const raw = localStorage.getItem(storedChangesKey(userId))
  return raw === null ? null : JSON.parse(raw)
}

function storedNames(userId: string): unknown[] {
  const entry = stored(userId) as { mutations: Array<{ state: { variables: unknown } }> } | null
  return entry?.mutations.map((mutation) => mutation.state.variables) ?? []
}

/** The browser loses the network: navigator.onLine says so too, as a page opened now would read it. */
function goOffline(): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
  window.dispatchEvent(new Event('offline'))
}

function goOnline(): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
  window.dispatchEvent(new Event('online'))
}

/** Lets promises settle and TanStack Query's batched notifications (a timer) go out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, 1))
}

const pages: Array<{ close: () => void }> = []
function track<T extends { close: () => void }>(page: T): T {
  pages.push(page)
  return page
}

beforeEach(() => {
  localStorage.clear()
  connectOnlineManager(new Reachability(true))
})
afterEach(() => {
  for (const page of pages.splice(0)) page.close()
  onlineManager.setEventListener(() => undefined)
  onlineManager.setOnline(true)
  vi.restoreAllMocks()
})

describe('waiting changes that survive the page', () => {
  it('are stored, in order, under the signed-in user while they wait, and only the replayable ones', async () => {
    const page = track(openPage(new FakeUsers(MINA)))
    goOffline()
    page.change('tick')
    page.change('theme', SETTINGS)
    page.change('rename')
    await settle()
    expect(page.queryClient.isMutating(waitingMutations)).toBe(3)
    expect(stored(MINA)).toMatchObject({ version: STORED_CHANGES_VERSION })
    expect(storedNames(MINA)).toEqual(['tick', 'rename'])
    // Only the settings change would be lost with the page.
    expect(page.queryClient.isMutating(unsavedMutations)).toBe(1)

    goOnline()
    await settle()
    expect(page.server.sent).toEqual(['tick', 'theme', 'rename'])
    expect(stored(MINA)).toBeNull()
  })

  it('are sent by the next page once online, in order and before its own changes, then the lists are refetched', async () => {
    const first = openPage(new FakeUsers(MINA))
    goOffline()
    first.change('tick')
    first.change('rename')
    await settle()
    // The phone kills the tab: nothing of it runs again.
    first.close()
    expect(first.server.sent).toEqual([])

    const next = track(openPage(new FakeUsers(MINA)))
    await settle()
    // Still offline: restored and counted as waiting (the banner), not sent.
    expect(next.queryClient.isMutating(waitingMutations)).toBe(2)
    expect(next.queryClient.isMutating(unsavedMutations)).toBe(0)
    next.change('add')
    await settle()
    expect(next.server.sent).toEqual([])
    expect(next.replayed()).toBe(0)

    goOnline()
    await settle()
    expect(next.server.sent).toEqual(['tick', 'rename', 'add'])
    expect(next.replayed()).toBe(1)
    expect(next.queryClient.isMutating()).toBe(0)
    expect(stored(MINA)).toBeNull()
  })

  it('are sent at once by a next page that starts online', async () => {
    const first = openPage(new FakeUsers(MINA))
    goOffline()
    first.change('tick')
    await settle()
    first.close()
    goOnline()
    expect(first.server.sent).toEqual([])

    const next = track(openPage(new FakeUsers(MINA)))
    await settle()
    expect(next.server.sent).toEqual(['tick'])
    expect(next.replayed()).toBe(1)
  })

  it('drop a replay the server refuses and still send the ones after it', async () => {
    const first = openPage(new FakeUsers(MINA))
    goOffline()
    for (const name of ['tick deleted todo', 'rename', 'tick']) first.change(name)
    await settle()
    first.close()

    const next = track(openPage(new FakeUsers(MINA), fakeServer(['tick deleted todo'])))
    goOnline()
    await settle()
    expect(next.server.sent).toEqual(['tick deleted todo', 'rename', 'tick'])
    const states = next.queryClient
      .getMutationCache()
      .getAll()
      .map((mutation) => mutation.state.status)
    expect(states).toEqual(['error', 'success', 'success'])
    expect(next.replayed()).toBe(1)
    expect(stored(MINA)).toBeNull()
  })

  it('are never restored into another user’s session', async () => {
    const first = openPage(new FakeUsers(MINA))
    goOffline()
    first.change('tick')
    await settle()
    first.close()

    const users = new FakeUsers(JOON)
    const next = track(openPage(users))
    goOnline()
    await settle()
    expect(next.server.sent).toEqual([])
    expect(next.queryClient.getMutationCache().getAll()).toEqual([])
    // Mina's changes wait for Mina on this device.
    expect(storedNames(MINA)).toEqual(['tick'])
    users.signIn(null)
    users.signIn(MINA)
    await settle()
    expect(next.server.sent).toEqual(['tick'])
  })

  it('are forgotten when the session ends: removed from storage and never sent, even as the next user', async () => {
    const users = new FakeUsers(MINA)
    const page = track(openPage(users))
    goOffline()
    page.change('tick')
    page.change('theme', SETTINGS)
    await settle()
    expect(storedNames(MINA)).toEqual(['tick'])

    users.signIn(null)
    expect(stored(MINA)).toBeNull()
    users.signIn(JOON)
    page.change('joon renames')
    await settle()
    expect(storedNames(JOON)).toEqual(['joon renames'])
    goOnline()
    await settle()
    expect(page.server.sent).toEqual(['joon renames'])
  })

  it.each([
    ['not JSON', '{"version":1,'],
    ['of an old version', JSON.stringify({ version: 0, mutations: [] })],
    ['not an object', '42'],
    ['without mutations', JSON.stringify({ version: STORED_CHANGES_VERSION })],
    [
      'naming a change this app does not know',
      JSON.stringify({
        version: STORED_CHANGES_VERSION,
        mutations: [{ mutationKey: ['gone'], state: { status: 'pending', isPaused: true, variables: 'x' } }],
      }),
    ],
    [
      'holding a settled change',
      JSON.stringify({
        version: STORED_CHANGES_VERSION,
        mutations: [{ mutationKey: RENAME, state: { status: 'success', isPaused: false, variables: 'x' } }],
      }),
    ],
  ])('ignore an entry %s, and remove it', async (_case, raw) => {
    localStorage.setItem(storedChangesKey(MINA), raw)
    const page = track(openPage(new FakeUsers(MINA)))
    await settle()
    expect(page.queryClient.getMutationCache().getAll()).toEqual([])
    expect(page.server.sent).toEqual([])
    expect(localStorage.getItem(storedChangesKey(MINA))).toBeNull()
  })

  it('that cannot be stored (storage full) keep the page asking before it is left', async () => {
    const full: Storage = {
      length: 0,
      clear: () => undefined,
      key: () => null,
      getItem: (key) => localStorage.getItem(key),
      removeItem: (key) => localStorage.removeItem(key),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
    }
    const page = track(openPage(new FakeUsers(MINA), fakeServer(), full))
    const stopGuard = guardWaitingChanges(page.queryClient)
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    goOffline()
    page.change('tick')
    await settle()
    expect(page.queryClient.isMutating(unsavedMutations)).toBe(1)
    expect(leave()).toBe(true)
    stopGuard()
  })

  it('that are stored let the page be left without asking', async () => {
    const page = track(openPage(new FakeUsers(MINA)))
    const stopGuard = guardWaitingChanges(page.queryClient)
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    goOffline()
    page.change('tick')
    await settle()
    expect(page.queryClient.isMutating(waitingMutations)).toBe(1)
    expect(leave()).toBe(false)
    page.change('theme', SETTINGS)
    await settle()
    expect(leave()).toBe(true)
    stopGuard()
  })
})
