import {
  onlineManager,
  useIsMutating,
  type Mutation,
  type MutationFilters,
  type QueryClient,
} from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { ConnectionStatus, RealtimeClient } from './realtime.ts'
import { unsavedMutations } from './offline-persist.ts'

/**
 * Whether the app can reach its server, as TanStack Query sees it. The browser's online/offline
 * events count at once; the socket counts once it has failed (closed and not yet welcomed again),
 * so a dead server or a network that the browser still calls "online" also pauses work, and a
 * socket that is merely reconnecting does not flap the state. While offline, queries wait and
 * mutations are paused (networkMode 'online'); mutations share one scope, so when the app is back
 * they are sent one after another in the order they were made. A paused change is counted in the
 * offline banner.
 *
 * Changes that can be sent again safely (registered with `registerReplayableChange`, e.g. the
 * planner's: their variables are plain JSON and say everything the request needs) also survive
 * the page: while they wait they are written to localStorage under the signed-in user's id, and
 * when the app next starts for that user they are restored and, once online, sent first and in
 * their order; the lists are refetched after them, since the optimistic state of the closed page
 * is gone. A replay the server refuses (404, 409) fails like any change and the next one is sent.
 * A change already being sent is not kept (it may have arrived; sending it twice could duplicate
 * it). The entry is removed when the session ends (sign-out, revocation), and waiting changes of a
 * user are never restored into, or sent for, another user. Other changes (settings, staff, rides)
 * and any change that could not be written (storage full or unavailable) live only in this page's
 * memory: for those, and only those, leaving the page asks first and the banner asks to keep it
 * open.
 *
 * The storing lives in offline-persist.ts. Known limit: two open tabs of one user each write their own waiting changes to the same entry,
 * the last write wins; each tab still sends its own changes while it stays open.
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
 * Asks before the page is left (closed, reloaded, navigated away) while a change waits that exists
 * only in this page's memory (not replayable, or its storage failed). Returns the function that
 * stops asking.
 */
export function guardWaitingChanges(queryClient: QueryClient): () => void {
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (queryClient.isMutating(unsavedMutations) > 0) event.preventDefault()
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

/** How many waiting changes would be lost with this page (see guardWaitingChanges). */
export function useUnsavedChangeCount(): number {
  return useIsMutating(unsavedMutations)
}
