import { describe, expect, it } from 'vitest'
import {
  decideMove,
  rankAllAtBottom,
  rankAllBetween,
  rankAtBottom,
  ranksAtBottom,
  type MoveDecision,
  type MoveRequest,
} from './rank.ts'

const SCOPE = 'category-1'
const neighbour = (id: string, rank: string, beyond: string | null, scopeId = SCOPE) => ({ id, scopeId, rank, beyond })

/** Where a decided rank falls: strictly between `lower` and `upper` (null = open end). */
function expectBetween(decision: MoveDecision, lower: string | null, upper: string | null) {
  expect(decision.kind).toBe('rank')
  if (decision.kind !== 'rank') return
  if (lower !== null) expect(decision.rank > lower).toBe(true)
  if (upper !== null) expect(decision.rank < upper).toBe(true)
}

describe('ranksAtBottom', () => {
  it.each([
    { last: null, count: 1 },
    { last: null, count: 5 },
    { last: 'a0', count: 3 },
    { last: 'Zz', count: 50 },
    { last: 'a0V', count: 2 },
  ])('makes $count distinct ascending ranks after $last', ({ last, count }) => {
    const ranks = ranksAtBottom(last, count)
    expect(ranks).toHaveLength(count)
    expect(new Set(ranks).size).toBe(count)
    expect([...ranks].sort()).toEqual(ranks)
    if (last !== null) expect(ranks.every((r) => r > last)).toBe(true)
  })

  it('keeps appending below for many rounds with plain string order', () => {
    let last: string | null = null
    const all: string[] = []
    for (let i = 0; i < 500; i++) {
      last = rankAtBottom(last)
      all.push(last)
    }
    expect([...all].sort()).toEqual(all)
  })
})

describe('rankAllBetween', () => {
  it.each([
    { after: 'a0', before: 'a1', items: ['x', 'y', 'z'] },
    { after: 'a0', before: 'a0V', items: ['x', 'y'] },
    { after: null, before: 'a0', items: ['x', 'y'] },
    { after: 'a5', before: null, items: ['x'] },
    { after: 'Zz', before: 'a0', items: Array.from({ length: 50 }, (_, i) => `s${i}`) },
  ])('pairs $items in order with ascending ranks strictly between $after and $before', ({ after, before, items }) => {
    const ranks = rankAllBetween(after, before, items).map((r) => r.rank)
    expect([...ranks].sort()).toEqual(ranks)
    expect(new Set(ranks).size).toBe(items.length)
    if (after !== null) expect(ranks.every((r) => r > after)).toBe(true)
    if (before !== null) expect(ranks.every((r) => r < before)).toBe(true)
  })
})

describe('rankAllAtBottom', () => {
  it.each([
    { last: null, items: [] },
    { last: null, items: ['x'] },
    { last: 'a3', items: ['x', 'y', 'z'] },
  ])('pairs $items in order with ascending ranks after $last', ({ last, items }) => {
    const ranked = rankAllAtBottom(last, items)
    expect(ranked.map((r) => r.item)).toEqual(items)
    const ranks = ranked.map((r) => r.rank)
    expect([...ranks].sort()).toEqual(ranks)
    expect(new Set(ranks).size).toBe(items.length)
    if (last !== null) expect(ranks.every((r) => r > last)).toBe(true)
  })
})

describe('decideMove', () => {
  const cases: Array<{
    name: string
    request: MoveRequest
    lower?: string | null
    upper?: string | null
    kind?: string
  }> = [
    {
      name: 'after a middle item: between it and its successor',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('a', 'a1', 'a2'), last: 'a5' },
      lower: 'a1',
      upper: 'a2',
    },
    {
      name: 'after the last item (to the bottom): below it',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('a', 'a5', null), last: 'a5' },
      lower: 'a5',
      upper: null,
    },
    {
      name: 'before the first item (to the top): above it',
      request: { itemId: 'x', scopeId: SCOPE, before: neighbour('b', 'a0', null), last: 'a5' },
      lower: null,
      upper: 'a0',
    },
    {
      name: 'before a middle item: between its predecessor and it',
      request: { itemId: 'x', scopeId: SCOPE, before: neighbour('b', 'a3', 'a2'), last: 'a5' },
      lower: 'a2',
      upper: 'a3',
    },
    {
      name: 'between two adjacent items',
      request: {
        itemId: 'x',
        scopeId: SCOPE,
        after: neighbour('a', 'a1', 'a2'),
        before: neighbour('b', 'a2', 'a1'),
        last: 'a5',
      },
      lower: 'a1',
      upper: 'a2',
    },
    {
      name: 'between two items with hidden ones in between: right below `after`',
      request: {
        itemId: 'x',
        scopeId: SCOPE,
        after: neighbour('a', 'a1', 'a1V'),
        before: neighbour('b', 'a4', 'a3'),
        last: 'a5',
      },
      lower: 'a1',
      upper: 'a1V',
    },
    {
      name: 'with no neighbour named: to the bottom',
      request: { itemId: 'x', scopeId: SCOPE, last: 'a5' },
      lower: 'a5',
      upper: null,
    },
    {
      name: 'with no neighbour into an empty list: a first rank',
      request: { itemId: 'x', scopeId: SCOPE, last: null },
      lower: null,
      upper: null,
    },
    {
      name: 'between two keys that differ only in length',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('a', 'a1', 'a1V'), last: 'a5' },
      lower: 'a1',
      upper: 'a1V',
    },
    {
      name: 'mixed-case keys in byte order (Zz sorts before a0)',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('a', 'Zz', 'a0'), last: 'a5' },
      lower: 'Zz',
      upper: 'a0',
    },
    {
      name: 'the item as its own `after`',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('x', 'a1', 'a2'), last: 'a5' },
      kind: 'self',
    },
    {
      name: 'the item as its own `before`',
      request: { itemId: 'x', scopeId: SCOPE, before: neighbour('x', 'a1', null), last: 'a5' },
      kind: 'self',
    },
    {
      name: '`after` in another list',
      request: { itemId: 'x', scopeId: SCOPE, after: neighbour('a', 'a1', null, 'other'), last: 'a5' },
      kind: 'stale',
    },
    {
      name: '`before` in another list',
      request: { itemId: 'x', scopeId: SCOPE, before: neighbour('b', 'a1', null, 'other'), last: 'a5' },
      kind: 'stale',
    },
    {
      name: '`after` below `before` (the list changed since the client saw it)',
      request: {
        itemId: 'x',
        scopeId: SCOPE,
        after: neighbour('a', 'a3', 'a4'),
        before: neighbour('b', 'a1', 'a0'),
        last: 'a5',
      },
      kind: 'stale',
    },
  ]

  it.each(cases)('$name', ({ request, lower, upper, kind }) => {
    const decision = decideMove(request)
    if (kind !== undefined) {
      expect(decision).toEqual({ kind })
      return
    }
    expectBetween(decision, lower ?? null, upper ?? null)
  })
})
