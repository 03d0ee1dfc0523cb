import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing'

/**
 * Rank decisions, free of I/O. A rank is a fractional-indexing key (base 62, compared byte by byte);
 * a new key can always be made between two others, so a move rewrites only the moved item.
 */

/** `count` ranks in order after `last` (the bottom of a list), or from the start when it is empty. */
export function ranksAtBottom(last: string | null, count: number): string[] {
  return generateNKeysBetween(last, null, count)
}

/** Pairs each of `items`, in their order, with a rank below `last`. */
export function rankAllAtBottom<T>(last: string | null, items: readonly T[]): Array<{ item: T; rank: string }> {
  return rankAllBetween(last, null, items)
}

/**
 * Pairs each of `items`, in their order, with a rank between `after` and `before` (null: the
 * start or the end of the list), so they land right below `after`.
 */
export function rankAllBetween<T>(
  after: string | null,
  before: string | null,
  items: readonly T[],
): Array<{ item: T; rank: string }> {
  const ranks = generateNKeysBetween(after, before, items.length)
  return items.map((item, i) => {
    const rank = ranks[i]
    if (rank === undefined) throw new Error('fractional-indexing returned too few ranks')
    return { item, rank }
  })
}

/** The rank for a new item below all others. */
export function rankAtBottom(last: string | null): string {
  return generateKeyBetween(last, null)
}

/** A neighbour named in a move, as the database saw it while the scope was locked. */
export interface NeighbourFacts {
  id: string
  /** The list it is in: the user (categories), the category (todos) or the todo (subtodos). */
  scopeId: string
  rank: string
  /**
   * The rank on its far side in the target list, not counting the moved item: for `after`, the
   * next rank; for `before`, the previous one. Null at the end of the list.
   */
  beyond: string | null
}

export interface MoveRequest {
  itemId: string
  /** The list the item is moving into. */
  scopeId: string
  /** The item that will sit right above the moved one. */
  after?: NeighbourFacts
  /** The item that will sit right below the moved one. */
  before?: NeighbourFacts
  /** The last rank of the target list, not counting the moved item (for a move naming no neighbour). */
  last: string | null
}

export type MoveDecision =
  | { kind: 'rank'; rank: string }
  /** The item was named as its own neighbour. */
  | { kind: 'self' }
  /** The neighbours are not where the client thought (another list, or in the wrong order). */
  | { kind: 'stale' }

/**
 * Decides the moved item's new rank. `after` alone puts it right below that item, `before` alone
 * right above that one, both right below `after` (which must still precede `before`), neither at
 * the bottom. "Right below" leaves out items a client does not show (other days of the category),
 * so the key goes between the neighbour and its true successor and never collides.
 */
export function decideMove(request: MoveRequest): MoveDecision {
  const { after, before } = request
  if (after?.id === request.itemId || before?.id === request.itemId) return { kind: 'self' }
  if (after !== undefined && after.scopeId !== request.scopeId) return { kind: 'stale' }
  if (before !== undefined && before.scopeId !== request.scopeId) return { kind: 'stale' }
  if (after !== undefined && before !== undefined && after.rank >= before.rank) return { kind: 'stale' }
  if (after !== undefined) return { kind: 'rank', rank: generateKeyBetween(after.rank, after.beyond) }
  if (before !== undefined) return { kind: 'rank', rank: generateKeyBetween(before.beyond, before.rank) }
  return { kind: 'rank', rank: rankAtBottom(request.last) }
}
