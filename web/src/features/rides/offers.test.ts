import type { Trip, TripOffer } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { addOffer, removeOffer } from './offers.ts'

function offer(id: string, distanceKm: number): TripOffer {
  const trip = { id, status: 'REQUESTED' } as Pick<Trip, 'id' | 'status'>
  return { trip: trip as Trip, distanceKm }
}

const ids = (list: { items: TripOffer[] } | undefined) => list?.items.map((item) => item.trip.id)

describe('the live list of offers', () => {
  it('keeps offers nearest first and does not list a trip twice', () => {
    let list = addOffer(undefined, offer('far', 2.5))
    list = addOffer(list, offer('near', 0.4))
    list = addOffer(list, offer('middle', 1.2))
    expect(ids(list)).toEqual(['near', 'middle', 'far'])
    // Offered again after a widening: the newer distance counts, once.
    list = addOffer(list, offer('far', 0.1))
    expect(ids(list)).toEqual(['far', 'near', 'middle'])
  })

  it('removes a taken or cancelled trip and leaves an unloaded list alone', () => {
    const list = addOffer(addOffer({ items: [], radiusKm: 12 }, offer('a', 1)), offer('b', 2))
    expect(list.radiusKm).toBe(12)
    expect(ids(removeOffer(list, 'a'))).toEqual(['b'])
    expect(ids(removeOffer(list, 'unknown'))).toEqual(['a', 'b'])
    expect(removeOffer(undefined, 'a')).toBeUndefined()
  })
})
