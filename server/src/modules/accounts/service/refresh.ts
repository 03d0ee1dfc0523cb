import type { Tokens } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import {
  findRefreshTokenByHash,
  findUserById,
  insertSecurityEvent,
  markRefreshTokenRotated,
  revokeSession,
  touchSession,
} from '../repository.ts'
import {
  announceSessionsRevoked,
  hashRefreshToken,
  issueTokens,
  refreshExpiry,
  truncate,
  type ClientInfo,
} from './tokens.ts'

/**
 * Trades a refresh token for a new pair; the presented token is spent. Presenting a token that was
 * already spent means it was copied: the whole device session is revoked, a security event is
 * recorded and logged, and the caller gets accounts.refresh_token_reused. Unknown, expired or
 * revoked-session tokens get accounts.invalid_refresh_token.
 */
export async function refreshTokens(ctx: Ctx, refreshToken: string, client: ClientInfo): Promise<Tokens> {
  const now = ctx.clock.now()
  const outcome = await ctx.db.transaction(async (tx) => {
    const found = await findRefreshTokenByHash(tx, hashRefreshToken(refreshToken))
    if (found === undefined) return { kind: 'invalid' as const }
    const { token, session } = found
    if (session.revokedAt !== null || session.expiresAt <= now || token.expiresAt <= now) {
      return { kind: 'invalid' as const }
    }
    const isFirstUse = token.rotatedAt === null && (await markRefreshTokenRotated(tx, token.id, now))
    if (!isFirstUse) {
      await revokeSession(tx, { sessionId: session.id, userId: session.userId, now, reason: 'refresh_token_reused' })
      await insertSecurityEvent(tx, {
        userId: session.userId,
        sessionId: session.id,
        kind: 'refresh_token_reused',
        ipAddress: client.ipAddress,
        userAgent: truncate(client.userAgent, 512),
        details: { refreshTokenId: token.id, rotatedAt: token.rotatedAt?.toISOString() ?? null },
        createdAt: now,
      })
      return { kind: 'reused' as const, userId: session.userId, sessionId: session.id }
    }
    const user = await findUserById(tx, session.userId)
    if (user === undefined) return { kind: 'invalid' as const }
    await touchSession(tx, session.id, {
      lastUsedAt: now,
      expiresAt: refreshExpiry(ctx, now),
      ipAddress: client.ipAddress,
      userAgent: truncate(client.userAgent, 512) ?? session.userAgent,
    })
    return { kind: 'rotated' as const, tokens: await issueTokens(ctx, tx, user, session.id, now) }
  })
  switch (outcome.kind) {
    case 'rotated':
      return outcome.tokens
    case 'reused':
      ctx.log.warn(
        {
          event: 'security.refresh_token_reused',
          userId: outcome.userId,
          sessionId: outcome.sessionId,
          ip: client.ipAddress,
        },
        'refresh token reused: session revoked',
      )
      announceSessionsRevoked(ctx, outcome.userId, [outcome.sessionId])
      throw new AppError('accounts.refresh_token_reused')
    case 'invalid':
      throw new AppError('accounts.invalid_refresh_token')
  }
}
