import {
  tripChannel,
  type DriverLocated,
  type EventFrame,
  type RidesEventMap,
  type Trip,
  type TripDetail,
} from '@madang/contracts'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useChannel } from '../../app/realtime-context.tsx'
import { ridesKeys, useTripDetail, type TripRole } from './queries.ts'

/**
 * A trip as its rider or driver sees it live: the detail from REST, then every change, driver
 * position and "still looking" from the trip's channel (`tripChannel`).
 */

export type RidesFrame = {
  [E in keyof RidesEventMap]: { event: E; data: RidesEventMap[E] }
}[keyof RidesEventMap]

/** Every rides event, checked against the contract's map so a new event cannot be missed here. */
const RIDES_EVENT_NAMES = new Set<string>(
  Object.keys({
    'rides.trip_updated': true,
    'rides.driver_located': true,
    'rides.search_widened': true,
    'rides.trip_offered': true,
    'rides.offer_revoked': true,
  } satisfies Record<keyof RidesEventMap, true>),
)

/** A realtime frame as a typed rides event, or null for other modules' frames. */
export function toRidesFrame(frame: Pick<EventFrame, 'event' | 'data'>): RidesFrame | null {
  if (!RIDES_EVENT_NAMES.has(frame.event) || typeof frame.data !== 'object' || frame.data === null) return null
  return frame as RidesFrame
}

/** Writes a changed trip into its detail and the current-trip caches. */
export function storeTrip(queryClient: QueryClient, trip: Trip): void {
  queryClient.setQueryData<TripDetail>(ridesKeys.trip(trip.id), (detail) =>
    detail === undefined ? detail : { ...detail, trip },
  )
  for (const role of ['rider', 'driver'] as const) {
    queryClient.setQueryData<Trip | null>(ridesKeys.current(role), (current) =>
      current?.id === trip.id ? trip : current,
    )
  }
}

/** Caches a trip just requested or accepted as my open one in `role`, with its detail (no route yet). */
export function storeNewTrip(queryClient: QueryClient, role: TripRole, trip: Trip): void {
  queryClient.setQueryData(ridesKeys.current(role), trip)
  queryClient.setQueryData<TripDetail>(ridesKeys.trip(trip.id), { trip, route: [] })
}

export interface SearchState {
  radiusKm: number
  isMaxRadius: boolean
}

export interface LiveTrip {
  detail: TripDetail | undefined
  error: unknown
  driver: DriverLocated | null
  /** Set once the server widened the search for this trip ("still looking"). */
  search: SearchState | null
}

export function useLiveTrip(tripId: string | null): LiveTrip {
  const queryClient = useQueryClient()
  const query = useTripDetail(tripId)
  const [located, setLocated] = useState<DriverLocated | null>(null)
  const [search, setSearch] = useState<(SearchState & { tripId: string }) | null>(null)
  useChannel(tripId === null ? null : tripChannel(tripId), {
    onEvent: (frame) => {
      const change = toRidesFrame(frame)
      if (change === null) return
      if (change.event === 'rides.trip_updated') storeTrip(queryClient, change.data.trip)
      else if (change.event === 'rides.driver_located') setLocated(change.data)
      else if (change.event === 'rides.search_widened') {
        setSearch({ tripId: change.data.tripId, radiusKm: change.data.radiusKm, isMaxRadius: change.data.isMaxRadius })
      }
    },
    onResync: () => {
      if (tripId !== null) void queryClient.invalidateQueries({ queryKey: ridesKeys.trip(tripId) })
    },
    // This driver withdrew (here or on another device): the trip is no longer theirs to watch. Its
    // detail is only marked stale (a refetch would be refused); the driver's current trip is asked again.
    onEnded: () => {
      if (tripId !== null) void queryClient.invalidateQueries({ queryKey: ridesKeys.trip(tripId), refetchType: 'none' })
      void queryClient.invalidateQueries({ queryKey: ridesKeys.current('driver') })
    },
  })
  const detail = query.data
  const lastPoint = detail?.route.at(-1)
  // Before the first live position, the end of the recorded route is where the driver was last.
  const fromRoute: DriverLocated | null =
    lastPoint !== undefined && detail?.trip.driver
      ? {
          tripId: detail.trip.id,
          driverId: detail.trip.driver.id,
          lat: lastPoint.lat,
          lng: lastPoint.lng,
          heading: null,
          speed: null,
          at: lastPoint.at,
        }
      : null
  return {
    detail,
    error: query.error,
    // A position from a driver who withdrew is not the new driver's.
    driver:
      located !== null && located.tripId === tripId && located.driverId === detail?.trip.driver?.id
        ? located
        : fromRoute,
    search: search?.tripId === tripId ? search : null,
  }
}
