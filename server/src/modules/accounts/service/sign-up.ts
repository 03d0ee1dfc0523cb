import type { AuthResult, SignUpBody } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { isUniqueViolation } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { checkPassword, hashPassword } from '../passwords.ts'
import { assertTimeZone } from '../time-zone.ts'
import { presentUser } from '../present.ts'
import { insertUser } from '../repository.ts'
import { startSession, type ClientInfo } from './tokens.ts'

/**
 * Creates an account and signs it in on the calling device. Email and username are unique
 * ignoring case; the database settles two sign-ups racing for the same one.
 * Errors: accounts.weak_password (with the reasons per field), accounts.email_taken,
 * accounts.username_taken.
 */
export async function signUp(ctx: Ctx, input: SignUpBody, client: ClientInfo): Promise<AuthResult> {
  assertTimeZone(input.timeZone)
  const issues = checkPassword(input.password, { username: input.username, email: input.email })
  if (issues.length > 0) throw new AppError('accounts.weak_password', { fieldErrors: issues })
  const passwordHash = await hashPassword(input.password)
  const now = ctx.clock.now()
  try {
    return await ctx.db.transaction(async (tx) => {
      const user = await insertUser(tx, {
        email: input.email.trim(),
        username: input.username,
        displayName: input.displayName?.trim() || input.username,
        locale: input.locale ?? 'ko',
        timeZone: input.timeZone ?? 'Asia/Seoul',
        roles: [],
        passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      const tokens = await startSession(ctx, tx, user, input, client)
      return { user: presentUser(user), tokens }
    })
  } catch (error) {
    throw toTakenError(error) ?? error
  }
}

/** Maps a unique violation on email or username to its 409 error, or null for anything else. */
export function toTakenError(error: unknown): AppError | null {
  if (isUniqueViolation(error, 'users_email_key')) return new AppError('accounts.email_taken', { cause: error })
  if (isUniqueViolation(error, 'users_username_key')) return new AppError('accounts.username_taken', { cause: error })
  return null
}
