import { useSyncExternalStore } from 'react'
import { getSession, subscribeSession, type Session } from '../lib/session.ts'

/** The signed-in session, re-rendering when it changes (also from another tab). */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, () => null)
}

/** The signed-in session; only for components under RequireAuth. */
export function useSignedIn(): Session {
  const session = useSession()
  if (session === null) throw new Error('useSignedIn outside RequireAuth')
  return session
}
