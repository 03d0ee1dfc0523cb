import { eq, lte } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { breakdownUsage } from '../tables.ts'

/**
 * Records that the user starts a breakdown at `now`, unless their last one started less than
 * `cooldownSeconds` before; one conditional upsert, so of concurrent calls for one user exactly
 * one is recorded. Returns null when recorded, else when the earlier breakdown started.
 */
export async function claimBreakdownSlot(
  db: Executor,
  input: { userId: string; now: Date; cooldownSeconds: number },
): Promise<Date | null> {
  const cutoff = new Date(input.now.getTime() - input.cooldownSeconds * 1000)
  const claimed = await db
    .insert(breakdownUsage)
    .values({ userId: input.userId, lastUsedAt: input.now })
    .onConflictDoUpdate({
      target: breakdownUsage.userId,
      set: { lastUsedAt: input.now },
      setWhere: lte(breakdownUsage.lastUsedAt, cutoff),
    })
    .returning({ userId: breakdownUsage.userId })
  if (claimed.length > 0) return null
  const [row] = await db
    .select({ lastUsedAt: breakdownUsage.lastUsedAt })
    .from(breakdownUsage)
    .where(eq(breakdownUsage.userId, input.userId))
  return row?.lastUsedAt ?? input.now
}
