import type { AuthResult, SignInBody } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { decoyPasswordHash, verifyPassword } from '../passwords.ts'
import { presentUser } from '../present.ts'
import { findUserByLogin } from '../repository.ts'
import { startSession, type ClientInfo } from './tokens.ts'

/**
 * Signs in with a username or email and a password, opening a new device session.
 * An unknown login and a wrong password give the same accounts.invalid_credentials, after the
 * same amount of hashing work.
 */
export async function signIn(ctx: Ctx, input: SignInBody, client: ClientInfo): Promise<AuthResult> {
  const user = await findUserByLogin(ctx.db, input.login.trim())
  const isValid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password)
  if (user === undefined || !isValid) throw new AppError('accounts.invalid_credentials')
  const tokens = await ctx.db.transaction((tx) => startSession(ctx, tx, user, input, client))
  return { user: presentUser(user), tokens }
}
