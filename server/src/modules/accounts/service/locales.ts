import type { Locale } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import { findLocalesByEmails } from '../repository.ts'

/** The preferred language of the users who have these emails, keyed by lower-cased email (one query). */
export async function localesByEmail(ctx: Ctx, emails: readonly string[]): Promise<Map<string, Locale>> {
  const rows = await findLocalesByEmails(ctx.db, emails)
  return new Map(rows.map((r) => [r.email, r.locale]))
}
