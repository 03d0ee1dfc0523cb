import type { Locale, Role } from '@madang/contracts'

/** Who is calling: the signed-in user and the device session the request came from. */
export interface Actor {
  userId: string
  sessionId: string
  roles: Role[]
  locale: Locale
}

/**
 * Confirms that a verified token's session is still live and returns the actor, or null when the
 * session was revoked or expired. Provided by the accounts module through its manifest.
 */
export type ActorResolver = (claims: { userId: string; sessionId: string }) => Promise<Actor | null>
