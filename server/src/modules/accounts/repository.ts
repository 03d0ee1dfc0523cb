import { and, arrayContains, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import type { Locale } from '@madang/contracts'
import type { Executor } from '../../core/db/index.ts'
import {
  refreshTokens,
  securityEvents,
  sessions,
  users,
  type RevokedReason,
  type SessionRow,
  type UserRow,
} from './tables.ts'

export async function insertUser(db: Executor, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning()
  if (row === undefined) throw new Error('insert into accounts.users returned no row')
  return row
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id))
  return row
}

/** Finds the user whose email or username equals `login`, ignoring case. */
export async function findUserByLogin(db: Executor, login: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.email}) = lower(${login})`, sql`lower(${users.username}) = lower(${login})`))
    .limit(1)
  return row
}

export async function updateUser(
  db: Executor,
  id: string,
  patch: Partial<Omit<typeof users.$inferInsert, 'id' | 'createdAt'>>,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning()
  return row
}

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning()
  if (row === undefined) throw new Error('insert into accounts.sessions returned no row')
  return row
}

/** The user of a session that is neither revoked nor expired at `now`, if there is one. */
export async function findLiveSessionUser(
  db: Executor,
  sessionId: string,
  userId: string,
  now: Date,
): Promise<Pick<UserRow, 'roles' | 'locale'> | undefined> {
  const [row] = await db
    .select({ roles: users.roles, locale: users.locale })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
      ),
    )
  return row
}

export async function findSessionById(db: Executor, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
  return row
}

export async function listLiveSessions(db: Executor, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt))
}

/** Revokes one live session of a user; false when there is no such live session. */
export async function revokeSession(
  db: Executor,
  input: { sessionId: string; userId: string; now: Date; reason: RevokedReason },
): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: input.now, revokedReason: input.reason })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length > 0
}

/** Revokes every live session of a user except `keepSessionId`; returns the ids revoked. */
export async function revokeOtherSessions(
  db: Executor,
  input: { userId: string; keepSessionId: string; now: Date; reason: RevokedReason },
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: input.now, revokedReason: input.reason })
    .where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.keepSessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.map((r) => r.id)
}

export async function touchSession(
  db: Executor,
  id: string,
  values: { lastUsedAt: Date; expiresAt: Date; ipAddress: string | null; userAgent: string | null },
): Promise<void> {
  await db.update(sessions).set(values).where(eq(sessions.id, id))
}

export async function insertRefreshToken(db: Executor, values: typeof refreshTokens.$inferInsert): Promise<void> {
  await db.insert(refreshTokens).values(values)
}

export async function findRefreshTokenByHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
  return row
}

/**
 * Marks a refresh token as used, only if it was not used before. Of two concurrent refreshes with
 * the same token exactly one gets true; the database settles it.
 */
export async function markRefreshTokenRotated(db: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt)))
    .returning({ id: refreshTokens.id })
  return rows.length > 0
}

export async function insertSecurityEvent(db: Executor, values: typeof securityEvents.$inferInsert): Promise<void> {
  await db.insert(securityEvents).values(values)
}

export async function listSecurityEvents(db: Executor, userId: string) {
  return db
    .select()
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId))
    .orderBy(desc(securityEvents.createdAt))
}

/** The locale of each user among `emails`, keyed by lower-cased email. */
export async function findLocalesByEmails(db: Executor, emails: readonly string[]) {
  if (emails.length === 0) return []
  return db
    .select({ email: sql<string>`lower(${users.email})`, locale: users.locale })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.email})`,
        emails.map((e) => e.toLowerCase()),
      ),
    )
}

/** How to write to a user: their address, name and language. */
export interface UserContact {
  userId: string
  email: string
  displayName: string
  locale: Locale
  timeZone: string
}

const CONTACT_COLUMNS = {
  userId: users.id,
  email: users.email,
  displayName: users.displayName,
  locale: users.locale,
  timeZone: users.timeZone,
}

export async function findStaffContacts(db: Executor): Promise<UserContact[]> {
  return db
    .select(CONTACT_COLUMNS)
    .from(users)
    .where(arrayContains(users.roles, ['staff']))
    .orderBy(users.id)
}

export async function findContactsByIds(db: Executor, ids: readonly string[]): Promise<UserContact[]> {
  if (ids.length === 0) return []
  return db
    .select(CONTACT_COLUMNS)
    .from(users)
    .where(inArray(users.id, [...ids]))
}
