import { and, asc, desc, eq, gt, lt, ne, sql } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { categories, subtodos, todos } from '../tables.ts'

/**
 * Serializes the rank-changing writes of one user (creates, moves, category deletes) until the
 * transaction ends. Ranks are then computed from a list nobody else is changing; the unique
 * (list, rank) constraints back this up.
 */
export async function lockUserPlanner(db: Executor, userId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`planner:${userId}`}, 0))`)
}

export type RankedKind = 'category' | 'todo' | 'subtodo'

/** The columns that make each kind a ranked list: its scope is the user, the category or the todo. */
const RANKED = {
  category: {
    table: categories,
    id: categories.id,
    userId: categories.userId,
    scope: categories.userId,
    rank: categories.rank,
  },
  todo: { table: todos, id: todos.id, userId: todos.userId, scope: todos.categoryId, rank: todos.rank },
  subtodo: { table: subtodos, id: subtodos.id, userId: subtodos.userId, scope: subtodos.todoId, rank: subtodos.rank },
} as const

/** The user's item of this kind: its list and rank. */
export async function findRanked(
  db: Executor,
  kind: RankedKind,
  userId: string,
  id: string,
): Promise<{ id: string; scopeId: string; rank: string } | undefined> {
  const c = RANKED[kind]
  const [row] = await db
    .select({ id: c.id, scopeId: c.scope, rank: c.rank })
    .from(c.table)
    .where(and(eq(c.id, id), eq(c.userId, userId)))
  return row
}

/** The rank right after (`next`) or right before (`previous`) `rank` in a list, leaving out `excludeId`. */
export async function findAdjacentRank(
  db: Executor,
  kind: RankedKind,
  input: { scopeId: string; rank: string; direction: 'next' | 'previous'; excludeId: string },
): Promise<string | null> {
  const c = RANKED[kind]
  const isNext = input.direction === 'next'
  const [row] = await db
    .select({ rank: c.rank })
    .from(c.table)
    .where(
      and(
        eq(c.scope, input.scopeId),
        ne(c.id, input.excludeId),
        isNext ? gt(c.rank, input.rank) : lt(c.rank, input.rank),
      ),
    )
    .orderBy(isNext ? asc(c.rank) : desc(c.rank))
    .limit(1)
  return row?.rank ?? null
}

/** The last rank of a list, leaving out `excludeId` when given; null for an empty list. */
export async function findLastRank(
  db: Executor,
  kind: RankedKind,
  scopeId: string,
  excludeId?: string,
): Promise<string | null> {
  const c = RANKED[kind]
  const [row] = await db
    .select({ rank: c.rank })
    .from(c.table)
    .where(and(eq(c.scope, scopeId), excludeId === undefined ? undefined : ne(c.id, excludeId)))
    .orderBy(desc(c.rank))
    .limit(1)
  return row?.rank ?? null
}
