import { createHash, randomBytes } from 'node:crypto'
import type { Platform, Tokens } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Executor } from '../../../core/db/index.ts'
import { userChannel } from '../../../core/realtime/channels.ts'
import { SESSION_REVOKED_EVENT } from '../../../core/realtime/gateway.ts'
import { insertRefreshToken, insertSession } from '../repository.ts'
import { toRoles } from '../present.ts'
import type { UserRow } from '../tables.ts'
import { isUuid } from '../../../core/ids.ts'

/** Where a request came from, recorded on the device session. */
export interface ClientInfo {
  ipAddress: string | null
  userAgent: string | null
}

export interface DeviceInput {
  deviceName?: string
  platform?: Platform
}

/** A refresh token is `<sessionId>.<256 random bits>`; only its SHA-256 is stored. */
export function newRefreshToken(sessionId: string): { token: string; hash: string } {
  const token = `${sessionId}.${randomBytes(32).toString('base64url')}`
  return { token, hash: hashRefreshToken(token) }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The session id a refresh token names, or null when it is not shaped like one of ours. */
export function sessionIdOfRefreshToken(token: string): string | null {
  const [sessionId, secret, ...rest] = token.split('.')
  if (sessionId === undefined || secret === undefined || rest.length > 0 || !isUuid(sessionId)) return null
  return sessionId.toLowerCase()
}

/** Opens a device session for a user and issues its first token pair, inside the caller's transaction. */
export async function startSession(
  ctx: Ctx,
  tx: Executor,
  user: UserRow,
  device: DeviceInput,
  client: ClientInfo,
): Promise<Tokens> {
  const now = ctx.clock.now()
  const expiresAt = refreshExpiry(ctx, now)
  const session = await insertSession(tx, {
    userId: user.id,
    deviceName: device.deviceName ?? null,
    platform: device.platform ?? null,
    userAgent: truncate(client.userAgent, 512),
    ipAddress: client.ipAddress,
    createdAt: now,
    lastUsedAt: now,
    expiresAt,
  })
  return issueTokens(ctx, tx, user, session.id, now)
}

/** Stores a new refresh token for the session and signs an access token that names it. */
export async function issueTokens(
  ctx: Ctx,
  tx: Executor,
  user: UserRow,
  sessionId: string,
  now: Date,
): Promise<Tokens> {
  const refresh = newRefreshToken(sessionId)
  const refreshTokenExpiresAt = refreshExpiry(ctx, now)
  await insertRefreshToken(tx, { sessionId, tokenHash: refresh.hash, createdAt: now, expiresAt: refreshTokenExpiresAt })
  const access = await ctx.accessTokens.sign({ userId: user.id, sessionId, roles: toRoles(user.roles) })
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
    sessionId,
  }
}

export function refreshExpiry(ctx: Ctx, now: Date): Date {
  return new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000)
}

export function truncate(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max)
}

/** Tells the user's sockets that sessions ended; the gateway closes those sessions' sockets. */
export function announceSessionsRevoked(ctx: Ctx, userId: string, sessionIds: readonly string[]): void {
  for (const sessionId of sessionIds) ctx.realtime.publish(userChannel(userId), SESSION_REVOKED_EVENT, { sessionId })
}
