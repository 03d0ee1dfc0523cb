import { describe, expect, it } from 'vitest'
import { moveWithin } from './reorder.ts'

const items = ['a', 'b', 'c', 'd'].map((id) => ({ id }))
const name = (item: { id: string } | null | undefined) => item?.id ?? null

describe('moveWithin', () => {
  it.each([
    { from: 0, to: 2, after: 'c', before: 'd' },
    { from: 3, to: 0, after: null, before: 'a' },
    { from: 1, to: 0, after: null, before: 'a' },
    { from: 0, to: 3, after: 'd', before: null },
    { from: 2, to: 1, after: 'a', before: 'b' },
  ])('moving $from to $to lands between $after and $before', ({ from, to, after, before }) => {
    const move = moveWithin(items, from, to)
    expect(move && [name(move.item), name(move.after), name(move.before)]).toEqual([items[from]?.id, after, before])
  })

  it.each([
    { from: 1, to: 1 },
    { from: 0, to: -1 },
    { from: 3, to: 4 },
  ])('does nothing when moving $from to $to', ({ from, to }) => {
    expect(moveWithin(items, from, to)).toBeNull()
  })
})
