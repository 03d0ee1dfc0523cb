import { MutationObserver, onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OfflineBanner } from '../app/AppShell.tsx'
import { i18n } from './i18n.ts'
import {
  connectOnlineManager,
  followSocket,
  guardWaitingChanges,
  MUTATION_QUEUE_SCOPE,
  Reachability,
  serverReachableAfter,
  waitingMutations,
} from './offline.ts'
import type { ConnectionStatus, RealtimeClient } from './realtime.ts'

/** The part of RealtimeClient that followSocket uses, driven by the test. */
class FakeClient {
  private readonly listeners = new Set<(status: ConnectionStatus) => void>()
  status: ConnectionStatus = 'offline'

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  set(status: ConnectionStatus): void {
    this.status = status
    for (const listener of this.listeners) listener(status)
  }

  asClient(): RealtimeClient {
    return this as unknown as RealtimeClient
  }
}

function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { mutations: { networkMode: 'online', scope: { id: MUTATION_QUEUE_SCOPE } } },
  })
}

/** A change the test can finish when it likes, recording when it started. */
function controllableChanges() {
  const started: string[] = []
  const finishers = new Map<string, () => void>()
  const send = (name: string) =>
    new Promise<string>((resolve) => {
      started.push(name)
      finishers.set(name, () => resolve(name))
    })
  return { started, send, finish: (name: string) => finishers.get(name)?.() }
}

/** Lets promises settle and TanStack Query's batched notifications (a timer) go out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, 1))
}

let reachability: Reachability
let queryClient: QueryClient

beforeEach(() => {
  reachability = new Reachability(true)
  connectOnlineManager(reachability)
  queryClient = newQueryClient()
  queryClient.mount()
})
afterEach(() => {
  queryClient.unmount()
  queryClient.clear()
  onlineManager.setEventListener(() => undefined)
  onlineManager.setOnline(true)
})

describe('serverReachableAfter', () => {
  it.each([
    [true, 'online', true],
    [false, 'online', true],
    [true, 'offline', false],
    [false, 'offline', false],
    [true, 'connecting', true],
    [false, 'connecting', false],
  ] as const)('from %s after %s is %s', (previous, status, expected) => {
    expect(serverReachableAfter(previous, status)).toBe(expected)
  })
})

describe('reachability', () => {
  it("goes offline with the browser's offline event and back with its online event", () => {
    window.dispatchEvent(new Event('offline'))
    expect(onlineManager.isOnline()).toBe(false)
    window.dispatchEvent(new Event('online'))
    expect(onlineManager.isOnline()).toBe(true)
  })

  it('counts a failed socket as offline until it is welcomed again, not while it merely reconnects', () => {
    const client = new FakeClient()
    const stop = followSocket(client.asClient(), reachability)
    client.set('connecting')
    expect(onlineManager.isOnline()).toBe(true)
    client.set('online')
    client.set('offline')
    expect(onlineManager.isOnline()).toBe(false)
    client.set('connecting')
    expect(onlineManager.isOnline()).toBe(false)
    client.set('offline')
    client.set('connecting')
    expect(onlineManager.isOnline()).toBe(false)
    client.set('online')
    expect(onlineManager.isOnline()).toBe(true)
    stop()
  })

  it('ignores the socket once it is gone (signed out), and the browser still counts', () => {
    const client = new FakeClient()
    const stop = followSocket(client.asClient(), reachability)
    client.set('offline')
    expect(onlineManager.isOnline()).toBe(false)
    stop()
    expect(onlineManager.isOnline()).toBe(true)
    client.set('offline')
    expect(onlineManager.isOnline()).toBe(true)
    window.dispatchEvent(new Event('offline'))
    expect(onlineManager.isOnline()).toBe(false)
  })
})

describe('changes made offline', () => {
  it('are held while offline and sent one after another, in order, when the browser is back online', async () => {
    const changes = controllableChanges()
    window.dispatchEvent(new Event('offline'))
    const results: Array<Promise<string>> = []
    for (const name of ['create', 'rename', 'complete']) {
      results.push(new MutationObserver(queryClient, { mutationFn: changes.send }).mutate(name))
    }
    await settle()
    expect(changes.started).toEqual([])
    expect(queryClient.isMutating(waitingMutations)).toBe(3)

    window.dispatchEvent(new Event('online'))
    await settle()
    expect(changes.started).toEqual(['create'])
    changes.finish('create')
    await settle()
    expect(changes.started).toEqual(['create', 'rename'])
    changes.finish('rename')
    await settle()
    changes.finish('complete')
    expect(await Promise.all(results)).toEqual(['create', 'rename', 'complete'])
    expect(queryClient.isMutating(waitingMutations)).toBe(0)
    expect(queryClient.isMutating()).toBe(0)
  })

  it('wait for the socket to be welcomed again after the server went away', async () => {
    const changes = controllableChanges()
    const client = new FakeClient()
    const stop = followSocket(client.asClient(), reachability)
    client.set('online')
    client.set('offline')
    const result = new MutationObserver(queryClient, { mutationFn: changes.send }).mutate('create')
    client.set('connecting')
    await settle()
    expect(changes.started).toEqual([])
    client.set('online')
    await settle()
    expect(changes.started).toEqual(['create'])
    changes.finish('create')
    await expect(result).resolves.toBe('create')
    stop()
  })

  it('make leaving the page ask first while any of them waits', async () => {
    const stop = guardWaitingChanges(queryClient)
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(leave()).toBe(false)
    window.dispatchEvent(new Event('offline'))
    const changes = controllableChanges()
    void new MutationObserver(queryClient, { mutationFn: changes.send }).mutate('create')
    await settle()
    expect(leave()).toBe(true)
    window.dispatchEvent(new Event('online'))
    await settle()
    changes.finish('create')
    await settle()
    expect(leave()).toBe(false)
    stop()
  })
})

describe('OfflineBanner', () => {
  function renderBanner() {
    return render(
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <OfflineBanner />
        </QueryClientProvider>
      </I18nextProvider>,
    )
  }

  it('appears offline and counts the changes that will be sent when the connection is back', async () => {
    await i18n.changeLanguage('en')
    renderBanner()
    expect(screen.queryByRole('alert')).toBeNull()
    act(() => {
      window.dispatchEvent(new Event('offline'))
    })
    expect(screen.getByRole('alert').textContent).toBe(
      'You are offline. Changes you make now are sent when the connection is back.',
    )
    const changes = controllableChanges()
    await act(async () => {
      void new MutationObserver(queryClient, { mutationFn: changes.send }).mutate('a')
      void new MutationObserver(queryClient, { mutationFn: changes.send }).mutate('b')
      await settle()
    })
    expect(screen.getByRole('alert').textContent).toBe(
      'You are offline. 2 changes will be sent when you are back online. Keep this page open until then.',
    )
    await act(async () => {
      window.dispatchEvent(new Event('online'))
      await settle()
    })
    expect(screen.queryByRole('alert')).toBeNull()
    changes.finish('a')
    await act(settle)
    changes.finish('b')
    await act(settle)
  })

  it('speaks Korean', async () => {
    await i18n.changeLanguage('ko')
    renderBanner()
    act(() => {
      window.dispatchEvent(new Event('offline'))
    })
    const changes = controllableChanges()
    await act(async () => {
      void new MutationObserver(queryClient, { mutationFn: changes.send }).mutate('a')
      await settle()
    })
    expect(screen.getByRole('alert').textContent).toBe(
      '오프라인 상태입니다. 변경 1건은 다시 연결되면 전송됩니다. 그때까지 이 페이지를 닫지 마세요.',
    )
    await act(async () => {
      window.dispatchEvent(new Event('online'))
      await settle()
    })
    changes.finish('a')
    await act(settle)
    await i18n.changeLanguage('en')
  })
})
