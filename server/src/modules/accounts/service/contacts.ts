import type { UserContact } from '../repository.ts'
import type { Ctx } from '../../../ctx.ts'
import { findContactsByIds, findStaffContacts } from '../repository.ts'

export type { UserContact } from '../repository.ts'

/** Every staff user, to notify them (one query). */
export async function listStaffContacts(ctx: Ctx): Promise<UserContact[]> {
  return findStaffContacts(ctx.db)
}

/** The users with these ids that exist, keyed by id (one query). */
export async function contactsByIds(ctx: Ctx, ids: readonly string[]): Promise<Map<string, UserContact>> {
  const rows = await findContactsByIds(ctx.db, ids)
  return new Map(rows.map((r) => [r.userId, r]))
}
