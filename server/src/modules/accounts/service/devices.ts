import type { DeviceList } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { presentDevice } from '../present.ts'
import { listLiveSessions, revokeSession } from '../repository.ts'
import { announceSessionsRevoked } from './tokens.ts'

/** Lists the caller's signed-in devices (live sessions), most recently used first. */
export async function listDevices(ctx: Ctx, actor: Actor): Promise<DeviceList> {
  const rows = await listLiveSessions(ctx.db, actor.userId, ctx.clock.now())
  return { items: rows.map((row) => presentDevice(row, actor.sessionId)) }
}

/**
 * Signs one of the caller's devices out: its refresh tokens stop working, its access tokens are
 * refused from the next request, and its open sockets are closed at once. Another user's device, or one already signed out, is
 * accounts.device_not_found.
 */
export async function revokeDevice(ctx: Ctx, actor: Actor, sessionId: string): Promise<void> {
  const isRevoked = await revokeSession(ctx.db, {
    sessionId,
    userId: actor.userId,
    now: ctx.clock.now(),
    reason: 'revoked_by_user',
  })
  if (!isRevoked) throw new AppError('accounts.device_not_found')
  announceSessionsRevoked(ctx, actor.userId, [sessionId])
}

/** Signs the calling device out and closes its open sockets at once. Idempotent. */
export async function signOut(ctx: Ctx, actor: Actor): Promise<void> {
  const isRevoked = await revokeSession(ctx.db, {
    sessionId: actor.sessionId,
    userId: actor.userId,
    now: ctx.clock.now(),
    reason: 'sign_out',
  })
  if (isRevoked) announceSessionsRevoked(ctx, actor.userId, [actor.sessionId])
}
