import type { ChangePasswordBody, UpdateMeBody, User } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor, ActorResolver } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { checkPassword, hashPassword, verifyPassword } from '../passwords.ts'
import { presentUser, toRoles } from '../present.ts'
import { assertTimeZone } from '../time-zone.ts'
import {
  findLiveSessionUser,
  findUserById,
  insertSecurityEvent,
  revokeOtherSessions,
  updateUser,
} from '../repository.ts'
import { toTakenError } from './sign-up.ts'
import { announceSessionsRevoked, type ClientInfo } from './tokens.ts'

/** The caller's profile. */
export async function getMe(ctx: Ctx, actor: Actor): Promise<User> {
  const user = await findUserById(ctx.db, actor.userId)
  if (user === undefined) throw new AppError('auth.session_revoked')
  return presentUser(user)
}

/** Edits the caller's profile. A new email or username must be free: accounts.email_taken, accounts.username_taken. */
export async function updateMe(ctx: Ctx, actor: Actor, patch: UpdateMeBody): Promise<User> {
  assertTimeZone(patch.timeZone)
  try {
    const user = await updateUser(ctx.db, actor.userId, {
      ...(patch.email !== undefined && { email: patch.email.trim() }),
      ...(patch.username !== undefined && { username: patch.username }),
      ...(patch.displayName !== undefined && { displayName: patch.displayName.trim() }),
      ...(patch.avatarUrl !== undefined && { avatarUrl: patch.avatarUrl }),
      ...(patch.locale !== undefined && { locale: patch.locale }),
      ...(patch.timeZone !== undefined && { timeZone: patch.timeZone }),
      updatedAt: ctx.clock.now(),
    })
    if (user === undefined) throw new AppError('auth.session_revoked')
    return presentUser(user)
  } catch (error) {
    throw toTakenError(error) ?? error
  }
}

/**
 * Changes the caller's password after checking the current one (accounts.wrong_password). Every
 * other device is signed out; this one stays signed in.
 */
export async function changePassword(
  ctx: Ctx,
  actor: Actor,
  input: ChangePasswordBody,
  client: ClientInfo,
): Promise<void> {
  const user = await findUserById(ctx.db, actor.userId)
  if (user === undefined) throw new AppError('auth.session_revoked')
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('accounts.wrong_password', {
      fieldErrors: [{ pointer: '/body/currentPassword', code: 'accounts.password.wrong' }],
    })
  }
  const issues = checkPassword(input.newPassword, user, 'newPassword')
  if (issues.length > 0) throw new AppError('accounts.weak_password', { fieldErrors: issues })
  const passwordHash = await hashPassword(input.newPassword)
  const now = ctx.clock.now()
  await ctx.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, updatedAt: now })
    const revoked = await revokeOtherSessions(tx, {
      userId: user.id,
      keepSessionId: actor.sessionId,
      now,
      reason: 'password_changed',
    })
    await insertSecurityEvent(tx, {
      userId: user.id,
      sessionId: actor.sessionId,
      kind: 'password_changed',
      ipAddress: client.ipAddress,
      userAgent: client.userAgent,
      details: { revokedSessions: revoked.length },
      createdAt: now,
    })
    announceSessionsRevoked(ctx, user.id, revoked)
  })
}

/** How the platform turns a verified access token into an Actor: the session must still be live. */
export function createActorResolver(ctx: Ctx): ActorResolver {
  return async ({ userId, sessionId }) => {
    const row = await findLiveSessionUser(ctx.db, sessionId, userId, ctx.clock.now())
    if (row === undefined) return null
    return { userId, sessionId, roles: toRoles(row.roles), locale: row.locale }
  }
}
