import type { Executor } from '../../../core/db/index.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { decideMove, type NeighbourFacts } from '../rank.ts'
import { findAdjacentRank, findLastRank, findRanked, type RankedKind } from '../repository/index.ts'

const NOT_FOUND = {
  category: 'planner.category_not_found',
  todo: 'planner.todo_not_found',
  subtodo: 'planner.subtodo_not_found',
} as const

/**
 * The new rank of an item moved next to the neighbours the client named, in the list `scopeId`.
 * Run it inside a transaction holding the user's planner lock, so the list cannot change
 * between reading the neighbours and writing the rank.
 * Errors: a neighbour that is not the user's is <kind>_not_found (404); the item as its own
 * neighbour is planner.invalid_neighbour (400); neighbours in another list or out of order are
 * planner.stale_neighbours (409).
 */
export async function placeItem(
  tx: Executor,
  kind: RankedKind,
  input: { userId: string; itemId: string; scopeId: string; after?: string; before?: string },
): Promise<string> {
  const after = await neighbourFacts(tx, kind, input, 'after')
  const before = await neighbourFacts(tx, kind, input, 'before')
  const last =
    after === undefined && before === undefined ? await findLastRank(tx, kind, input.scopeId, input.itemId) : null
  const decision = decideMove({ itemId: input.itemId, scopeId: input.scopeId, after, before, last })
  switch (decision.kind) {
    case 'rank':
      return decision.rank
    case 'self':
      throw new AppError('planner.invalid_neighbour')
    case 'stale':
      throw new AppError('planner.stale_neighbours')
  }
}

async function neighbourFacts(
  tx: Executor,
  kind: RankedKind,
  input: { userId: string; itemId: string; scopeId: string; after?: string; before?: string },
  side: 'after' | 'before',
): Promise<NeighbourFacts | undefined> {
  const id = input[side]
  if (id === undefined) return undefined
  const row = await findRanked(tx, kind, input.userId, id)
  if (row === undefined) {
    throw new AppError(NOT_FOUND[kind], {
      fieldErrors: [{ pointer: `/body/${side}`, code: 'planner.validation.no_such_item' }],
    })
  }
  // The far side only matters for a usable neighbour; decideMove refuses the others.
  const isUsable = row.id !== input.itemId && row.scopeId === input.scopeId
  const beyond = isUsable
    ? await findAdjacentRank(tx, kind, {
        scopeId: input.scopeId,
        rank: row.rank,
        direction: side === 'after' ? 'next' : 'previous',
        excludeId: input.itemId,
      })
    : null
  return { ...row, beyond }
}
