import type { MoveInput } from './mutations.ts'

/**
 * Where an item lands when it moves from `from` to `to` in `items` (a drag, or a "Move up/down"
 * button): its new neighbours, or null when it stays where it is.
 */
export function moveWithin<T extends { id: string }>(
  items: readonly T[],
  from: number,
  to: number,
): MoveInput<T> | null {
  const item = items[from]
  if (item === undefined || from === to || to < 0 || to >= items.length) return null
  const rest = items.filter((_, index) => index !== from)
  return { item, after: rest[to - 1] ?? null, before: rest[to] ?? null }
}
