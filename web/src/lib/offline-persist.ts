import {
  dehydrate,
  hydrate,
  onlineManager,
  type DehydratedState,
  type Mutation,
  type MutationFilters,
  type MutationKey,
  type QueryClient,
} from '@tanstack/react-query'
import { getSession, subscribeSession } from './session.ts'

/**
 * Waiting changes that survive the page (see the header of offline.ts): the replayable ones are
 * kept in localStorage per user while they wait, and restored and sent first when the app next
 * starts for that user.
 */

/** Marks a mutation whose variables can be stored and sent again by a later page. */
const REPLAYABLE_META = { replayable: true } as const

/** Bump when what is stored changes shape; entries of other versions are ignored. */
export const STORED_CHANGES_VERSION = 1

/** The localStorage key of a user's waiting changes; unversioned, so an old entry is read and dropped. */
export function storedChangesKey(userId: string): string {
  return `madang.changes.${userId}`
}

interface StoredChanges {
  version: number
  mutations: DehydratedState['mutations']
}

/** Waiting mutations whose latest state is in storage, so a new page would send them. */
const savedMutations = new WeakSet<Mutation<unknown, Error, unknown, unknown>>()

/** Waiting mutations that exist only in this page's memory. */
export const unsavedMutations: Omit<MutationFilters, 'status'> = {
  predicate: (mutation: Mutation<unknown, Error, unknown, unknown>) =>
    mutation.state.isPaused && !savedMutations.has(mutation),
}

/**
 * Whose session each mutation was made (or restored) in, and which users' stored changes a client
 * already restored: shared by every persistWaitingChanges call, so the effect running twice (React's
 * StrictMode) neither restores twice nor forgets who made a change.
 */
const owners = new WeakMap<object, string>()
const restoredUsers = new WeakMap<QueryClient, Set<string>>()

function isReplayable(mutation: Mutation<unknown, Error, unknown, unknown>): boolean {
  return mutation.meta?.replayable === true
}

/**
 * Declares the change `key` safe to send again after the page is gone: `mutationFn` must need
 * nothing but its (JSON) variables. A hook using the same key then gets it stored while it waits.
 */
export function registerReplayableChange<TVariables>(
  queryClient: QueryClient,
  key: MutationKey,
  mutationFn: (variables: TVariables) => Promise<unknown>,
): void {
  queryClient.setMutationDefaults(key, { mutationFn, meta: REPLAYABLE_META })
}

/** Who is signed in, and when that changes; session.ts by default, a fake in tests. */
export interface UserSource {
  currentUserId(): string | null
  subscribe(listener: () => void): () => void
}

const sessionUser: UserSource = {
  currentUserId: () => getSession()?.user.id ?? null,
  subscribe: (listener) => subscribeSession(listener),
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    // Reading localStorage throws where the user blocked site data.
    return null
  }
}

export interface PersistChangesOptions {
  users?: UserSource
  storage?: Storage | null
  /** Called once the changes restored at start were all sent or refused (to refetch what they touched). */
  onReplayed?: () => void
}

/**
 * Keeps the waiting replayable changes of the signed-in user in storage, and restores them when
 * the app starts (or that user signs in) — see the header. Returns the function that stops.
 */
export function persistWaitingChanges(
  queryClient: QueryClient,
  { users = sessionUser, storage = defaultStorage(), onReplayed = () => undefined }: PersistChangesOptions = {},
): () => void {
  const mutationCache = queryClient.getMutationCache()
  const restored = restoredUsers.get(queryClient) ?? new Set<string>()
  restoredUsers.set(queryClient, restored)
  let userId = users.currentUserId()

  const ownWaiting = (owner: string) =>
    mutationCache.getAll().filter((mutation) => mutation.state.isPaused && owners.get(mutation) === owner)

  const save = () => {
    if (userId === null) return
    const owner = userId
    const waiting = ownWaiting(owner).filter(isReplayable)
    try {
      if (waiting.length === 0) {
        storage?.removeItem(storedChangesKey(owner))
      } else {
        if (storage === null) throw new Error('no storage')
        const { mutations } = dehydrate(queryClient, {
          shouldDehydrateMutation: (mutation) => waiting.includes(mutation),
          shouldDehydrateQuery: () => false,
        })
        const stored: StoredChanges = { version: STORED_CHANGES_VERSION, mutations }
        storage.setItem(storedChangesKey(owner), JSON.stringify(stored))
      }
      for (const mutation of mutationCache.getAll()) {
        if (waiting.includes(mutation)) savedMutations.add(mutation)
        else savedMutations.delete(mutation)
      }
    } catch {
      // Full or unavailable: these changes now live only here (the leave-page prompt covers them),
      // and an older entry must not replay changes this page may still send itself.
      for (const mutation of waiting) savedMutations.delete(mutation)
      try {
        storage?.removeItem(storedChangesKey(owner))
      } catch {
        // nothing more to do
      }
    }
  }

  const restore = (owner: string) => {
    if (restored.has(owner)) return
    restored.add(owner)
    const stored = readStoredChanges(storage, owner, queryClient)
    if (stored.length === 0) return
    const before = new Set(mutationCache.getAll())
    hydrate(queryClient, { mutations: stored, queries: [] })
    const replays = mutationCache.getAll().filter((mutation) => !before.has(mutation))
    void whenSettled(queryClient, replays).then(onReplayed)
    if (onlineManager.isOnline()) void queryClient.resumePausedMutations()
  }

  const unsubscribeCache = mutationCache.subscribe((event) => {
    if (event.type === 'added' && userId !== null) owners.set(event.mutation, userId)
    if (event.type === 'added' || event.type === 'updated' || event.type === 'removed') save()
  })

  const unsubscribeUsers = users.subscribe(() => {
    const next = users.currentUserId()
    if (next === userId) return
    const previous = userId
    userId = next
    if (previous !== null) forgetUser(previous)
    if (next !== null) restore(next)
  })

  /** The session ended: its waiting changes are neither stored nor sent (as someone else). */
  const forgetUser = (owner: string) => {
    restored.delete(owner)
    try {
      storage?.removeItem(storedChangesKey(owner))
    } catch {
      // unavailable storage holds nothing to forget
    }
    for (const mutation of ownWaiting(owner)) mutationCache.remove(mutation)
  }

  if (userId !== null) restore(userId)
  return () => {
    unsubscribeCache()
    unsubscribeUsers()
  }
}

/**
 * The stored waiting changes of `userId`, in order; nothing when the entry is missing, corrupt, of
 * another version, or names a change this app does not know (any of these is also removed).
 */
function readStoredChanges(
  storage: Storage | null,
  userId: string,
  queryClient: QueryClient,
): DehydratedState['mutations'] {
  const key = storedChangesKey(userId)
  try {
    const raw = storage?.getItem(key) ?? null
    if (raw === null) return []
    const stored: unknown = JSON.parse(raw)
    if (isStoredChanges(stored, queryClient)) return stored.mutations
  } catch {
    // unreadable: dropped below
  }
  try {
    storage?.removeItem(key)
  } catch {
    // nothing more to do
  }
  return []
}

function isStoredChanges(value: unknown, queryClient: QueryClient): value is StoredChanges {
  if (typeof value !== 'object' || value === null) return false
  const { version, mutations } = value as Partial<StoredChanges>
  if (version !== STORED_CHANGES_VERSION || !Array.isArray(mutations)) return false
  return mutations.every((mutation: unknown) => {
    if (typeof mutation !== 'object' || mutation === null) return false
    const { mutationKey, state } = mutation as Partial<DehydratedState['mutations'][number]>
    return (
      Array.isArray(mutationKey) &&
      queryClient.getMutationDefaults(mutationKey).mutationFn !== undefined &&
      typeof state === 'object' &&
      state !== null &&
      state.status === 'pending' &&
      state.isPaused
    )
  })
}

/** Resolves once none of `mutations` is pending any more (sent, refused, or dropped). */
function whenSettled(queryClient: QueryClient, mutations: ReadonlyArray<Mutation<unknown, Error, unknown, unknown>>) {
  const mutationCache = queryClient.getMutationCache()
  const done = () =>
    mutations.every((mutation) => mutation.state.status !== 'pending' || !mutationCache.getAll().includes(mutation))
  return new Promise<void>((resolve) => {
    if (done()) return resolve()
    const unsubscribe = mutationCache.subscribe(() => {
      if (!done()) return
      unsubscribe()
      resolve()
    })
  })
}
