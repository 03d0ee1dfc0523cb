import type {
  DriverProfile,
  DriverProfileBody,
  EstimateBody,
  FareEstimate,
  GoOnlineBody,
  LatLng,
  NearbyTrips,
  RequestTripBody,
  RidesClientConfig,
  Trip,
  TripDetail,
  TripPage,
} from '@madang/contracts'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { request } from '../../lib/api.ts'

/** The rides pages' server state: query keys, typed fetchers and queries. */

export const ridesKeys = {
  all: ['rides'] as const,
  config: () => ['rides', 'config'] as const,
  driver: () => ['rides', 'driver'] as const,
  nearby: () => ['rides', 'nearby'] as const,
  current: (role: TripRole) => ['rides', 'current', role] as const,
  history: (role: TripRole) => ['rides', 'history', role] as const,
  trip: (id: string) => ['rides', 'trip', id] as const,
  estimate: (body: EstimateBody | null) =>
    ['rides', 'estimate', body?.pickUp.lat, body?.pickUp.lng, body?.dropOff.lat, body?.dropOff.lng] as const,
}

export type TripRole = 'rider' | 'driver'
export type TripAction = 'accept' | 'pick-up' | 'complete' | 'cancel' | 'withdraw'

/** Statuses in which a trip still needs its rider's or driver's attention. */
export function isOpenStatus(status: Trip['status']): boolean {
  return status === 'REQUESTED' || status === 'STARTED' || status === 'IN_PROGRESS'
}

// Fetchers -------------------------------------------------------------------------------------

export function fetchConfig(): Promise<RidesClientConfig> {
  return request<RidesClientConfig>('/api/rides/config')
}

/** My driver profile, or null when I only ride. */
export function fetchDriverProfile(): Promise<DriverProfile | null> {
  return request<DriverProfile | null>('/api/rides/driver')
}

export function saveDriverProfile(body: DriverProfileBody): Promise<DriverProfile> {
  return request<DriverProfile>('/api/rides/driver', { method: 'PUT', body })
}

export function goOnline(body: GoOnlineBody): Promise<DriverProfile> {
  return request<DriverProfile>('/api/rides/driver/online', { method: 'POST', body })
}

export function goOffline(): Promise<DriverProfile> {
  return request<DriverProfile>('/api/rides/driver/offline', { method: 'POST' })
}

export function fetchEstimate(body: EstimateBody): Promise<FareEstimate> {
  return request<FareEstimate>('/api/rides/estimates', { method: 'POST', body })
}

export function requestTrip(body: RequestTripBody): Promise<Trip> {
  return request<Trip>('/api/rides/trips', { method: 'POST', body })
}

export function fetchTripPage(role: TripRole, cursor: string | null, limit = 10): Promise<TripPage> {
  return request<TripPage>('/api/rides/trips', { query: { role, cursor, limit } })
}

/** My latest trip in this role when it is still open (requested, on the way, aboard). */
export async function fetchCurrentTrip(role: TripRole): Promise<Trip | null> {
  const page = await fetchTripPage(role, null, 1)
  const latest = page.items[0]
  return latest !== undefined && isOpenStatus(latest.status) ? latest : null
}

export function fetchNearby(position: LatLng | null): Promise<NearbyTrips> {
  return request<NearbyTrips>('/api/rides/trips/nearby', { query: position ?? {} })
}

export function fetchTrip(id: string): Promise<TripDetail> {
  return request<TripDetail>(`/api/rides/trips/${id}`)
}

export function runTripAction(id: string, action: TripAction): Promise<Trip> {
  return request<Trip>(`/api/rides/trips/${id}/${action}`, { method: 'POST' })
}

export function rateTrip(id: string, rating: number): Promise<Trip> {
  return request<Trip>(`/api/rides/trips/${id}/rating`, { method: 'POST', body: { rating } })
}

// Queries --------------------------------------------------------------------------------------

export function useRidesConfig() {
  return useQuery({ queryKey: ridesKeys.config(), queryFn: fetchConfig, staleTime: Infinity })
}

export function useDriverProfile() {
  return useQuery({ queryKey: ridesKeys.driver(), queryFn: fetchDriverProfile })
}

export function useCurrentTrip(role: TripRole) {
  return useQuery({ queryKey: ridesKeys.current(role), queryFn: () => fetchCurrentTrip(role), staleTime: 0 })
}

export function useEstimate(body: EstimateBody | null) {
  return useQuery({
    queryKey: ridesKeys.estimate(body),
    queryFn: () => fetchEstimate(body as EstimateBody),
    enabled: body !== null,
    staleTime: Infinity,
  })
}

export function useTripHistory(role: TripRole) {
  return useInfiniteQuery({
    queryKey: ridesKeys.history(role),
    queryFn: ({ pageParam }) => fetchTripPage(role, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: 0,
  })
}

export function useTripDetail(id: string | null) {
  return useQuery({
    queryKey: ridesKeys.trip(id ?? ''),
    queryFn: () => fetchTrip(id ?? ''),
    enabled: id !== null,
    staleTime: 0,
  })
}
