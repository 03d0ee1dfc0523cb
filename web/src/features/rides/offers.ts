import type { LatLng, NearbyTrips, TripOffer } from '@madang/contracts'
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useChannel } from '../../app/realtime-context.tsx'
import { toRidesFrame } from './live.ts'
import { fetchNearby, ridesKeys } from './queries.ts'

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

/** Takes a trip off the cached list. */
export function dropOffer(queryClient: QueryClient, tripId: string): void {
  queryClient.setQueryData<NearbyTrips>(ridesKeys.nearby(), (list) => removeOffer(list, tripId))
}

interface NearbyOffersOptions {
  isOnline: boolean
  /** Where the driver is: the list is fetched once it is known, measured from there. */
  position: LatLng | null
  /** Each offer as it arrives live (for a toast). */
  onOffered: (offer: TripOffer) => void
}

/** The offers near an online driver: fetched, then changed by the events on the driver's own channel. */
export function useNearbyOffers({ isOnline, position, onOffered }: NearbyOffersOptions) {
  const queryClient = useQueryClient()
  const offers = useQuery({
    queryKey: ridesKeys.nearby(),
    queryFn: () => fetchNearby(position),
    enabled: isOnline && position !== null,
    staleTime: 0,
  })
  useChannel(isOnline ? 'user' : null, {
    onEvent: (frame) => {
      const change = toRidesFrame(frame)
      if (change?.event === 'rides.trip_offered') {
        queryClient.setQueryData<NearbyTrips>(ridesKeys.nearby(), (list) => addOffer(list, change.data))
        onOffered(change.data)
      } else if (change?.event === 'rides.offer_revoked') {
        dropOffer(queryClient, change.data.tripId)
      }
    },
    onResync: () => void queryClient.invalidateQueries({ queryKey: ridesKeys.nearby() }),
  })
  return offers
}
