import type { User } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { checkPassword, hashPassword } from '../passwords.ts'
import { presentUser } from '../present.ts'
import { findUserByLogin, insertUser, updateUser } from '../repository.ts'
import { toTakenError } from './sign-up.ts'

export interface StaffUserInput {
  email: string
  username: string
  password: string
  displayName?: string
}

/**
 * Makes sure a staff user exists (the create-admin command). Idempotent: an existing user with that
 * email or username gains the staff role and keeps everything else, including the password, unless
 * `resetPassword` is set.
 */
export async function ensureStaffUser(
  ctx: Ctx,
  input: StaffUserInput,
  options: { resetPassword?: boolean } = {},
): Promise<{ user: User; isCreated: boolean }> {
  const issues = checkPassword(input.password, input)
  if (issues.length > 0) throw new AppError('accounts.weak_password', { fieldErrors: issues })
  const now = ctx.clock.now()
  const existing = (await findUserByLogin(ctx.db, input.email)) ?? (await findUserByLogin(ctx.db, input.username))
  if (existing !== undefined) {
    const roles = existing.roles.includes('staff') ? existing.roles : [...existing.roles, 'staff']
    const updated = await updateUser(ctx.db, existing.id, {
      roles,
      updatedAt: now,
      ...(options.resetPassword === true && { passwordHash: await hashPassword(input.password) }),
    })
    return { user: presentUser(updated ?? existing), isCreated: false }
  }
  try {
    const user = await insertUser(ctx.db, {
      email: input.email,
      username: input.username,
      displayName: input.displayName ?? input.username,
      roles: ['staff'],
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      updatedAt: now,
    })
    return { user: presentUser(user), isCreated: true }
  } catch (error) {
    throw toTakenError(error) ?? error
  }
}
