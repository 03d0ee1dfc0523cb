import type { NearbyTrips, TripOffer } from '@madang/contracts'

/** The driver's list of requested trips nearby, kept live from rides.trip_offered and rides.offer_revoked. */

/** Adds (or refreshes) an offer, keeping the list nearest first; works before the list loaded. */
export function addOffer(list: NearbyTrips | undefined, offer: TripOffer): NearbyTrips {
  const items = (list?.items ?? []).filter((item) => item.trip.id !== offer.trip.id)
  items.push(offer)
  items.sort((a, b) => a.distanceKm - b.distanceKm)
  return { items, radiusKm: list?.radiusKm ?? 0 }
}

/** Takes a trip off the list (taken, cancelled, or refused when accepting). */
export function removeOffer(list: NearbyTrips | undefined, tripId: string): NearbyTrips | undefined {
  return list === undefined ? list : { ...list, items: list.items.filter((item) => item.trip.id !== tripId) }
}
