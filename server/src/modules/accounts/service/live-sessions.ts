import type { Locale } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Executor } from '../../../core/db/index.ts'
import { findUserById, listLiveSessions } from '../repository.ts'

/** A user's language and the ids of their device sessions that are neither revoked nor expired. */
export interface LiveSessions {
  locale: Locale
  sessionIds: string[]
}

/**
 * The user's locale and live device sessions, or null when there is no such user (two queries).
 * Inside a transaction pass it as `db`: on PGlite a read through ctx.db would wait for it to end.
 */
export async function liveSessionsOf(ctx: Ctx, userId: string, db: Executor = ctx.db): Promise<LiveSessions | null> {
  const user = await findUserById(db, userId)
  if (user === undefined) return null
  const sessions = await listLiveSessions(db, userId, ctx.clock.now())
  return { locale: user.locale, sessionIds: sessions.map((s) => s.id) }
}
