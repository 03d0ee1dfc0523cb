import {
  onlineManager,
  useIsMutating,
  type Mutation,
  type MutationFilters,
  type QueryClient,
} from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { ConnectionStatus, RealtimeClient } from './realtime.ts'

/**
 * Whether the app can reach its server, as TanStack Query sees it. The browser's online/offline
 * events count at once; the socket counts once it has failed (closed and not yet welcomed again),
 * so a dead server or a network that the browser still calls "online" also pauses work, and a
 * socket that is merely reconnecting does not flap the state. While offline, queries wait and
 * mutations are paused (networkMode 'online'); mutations share one scope, so when the app is back
 * they are sent one after another in the order they were made. A paused change is counted in the
 * offline banner, and leaving the page while one waits asks for confirmation, because the queue
 * lives in memory.
 */

/** The scope every mutation runs in by default: one queue, sent in order. */
export const MUTATION_QUEUE_SCOPE = 'madang.changes'

/** Mutations waiting to be sent: paused offline or queued behind one that is. */
export const waitingMutations: Omit<MutationFilters, 'status'> = {
  predicate: (mutation: Mutation<unknown, Error, unknown, unknown>) => mutation.state.isPaused,
}

/**
 * What the socket's latest status says about the server: reachable once welcomed, unreachable
 * once the socket closed; while it is connecting we keep what we knew.
 */
export function serverReachableAfter(previous: boolean, status: ConnectionStatus): boolean {
  switch (status) {
    case 'online':
      return true
    case 'offline':
      return false
    case 'connecting':
      return previous
    default: {
      const unknown: never = status
      return unknown
    }
  }
}

export class Reachability {
  private browserOnline: boolean
  private serverReachable = true
  private readonly listeners = new Set<(isOnline: boolean) => void>()

  constructor(browserOnline: boolean) {
    this.browserOnline = browserOnline
  }

  get isOnline(): boolean {
    return this.browserOnline && this.serverReachable
  }

  setBrowserOnline(isOnline: boolean): void {
    this.update(() => {
      this.browserOnline = isOnline
    })
  }

  setSocketStatus(status: ConnectionStatus): void {
    this.update(() => {
      this.serverReachable = serverReachableAfter(this.serverReachable, status)
    })
  }

  /** There is no socket any more (signed out): only the browser's own state counts. */
  forgetSocket(): void {
    this.update(() => {
      this.serverReachable = true
    })
  }

  subscribe(listener: (isOnline: boolean) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private update(change: () => void): void {
    const before = this.isOnline
    change()
    if (this.isOnline === before) return
    for (const listener of this.listeners) listener(this.isOnline)
  }
}

/** The app's one view of reachability. */
export const reachability = new Reachability(globalThis.navigator?.onLine ?? true)

/**
 * Makes TanStack Query's onlineManager follow `target`, fed by the browser's online/offline
 * events (replacing the manager's own listener, which knows only those events).
 */
export function connectOnlineManager(target: Reachability = reachability, manager = onlineManager): void {
  manager.setEventListener((setOnline) => {
    const online = () => target.setBrowserOnline(true)
    const offline = () => target.setBrowserOnline(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    const unsubscribe = target.subscribe(setOnline)
    target.setBrowserOnline(navigator.onLine)
    setOnline(target.isOnline)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      unsubscribe()
    }
  })
}

/**
 * Feeds a socket's status changes into `target` until the returned function is called; its
 * status before this call (a client not started yet is "offline") says nothing and is ignored.
 */
export function followSocket(client: RealtimeClient, target: Reachability = reachability): () => void {
  const unsubscribe = client.onStatus((status) => target.setSocketStatus(status))
  return () => {
    unsubscribe()
    target.forgetSocket()
  }
}

/**
 * Asks before the page is left (closed, reloaded, navigated away) while changes wait to be sent:
 * they exist only in this page's memory. Returns the function that stops asking.
 */
export function guardWaitingChanges(queryClient: QueryClient): () => void {
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (queryClient.isMutating(waitingMutations) > 0) event.preventDefault()
  }
  window.addEventListener('beforeunload', beforeUnload)
  return () => window.removeEventListener('beforeunload', beforeUnload)
}

/** Whether the app can reach the server now (re-renders when that changes). */
export function useIsOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  )
}

/** How many changes made here wait to be sent (paused while offline). */
export function useWaitingChangeCount(): number {
  return useIsMutating(waitingMutations)
}
