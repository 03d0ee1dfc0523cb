import type { LatLng, Trip } from '@madang/contracts'
import type { TFunction } from 'i18next'
import type { MapLine, MapMarker } from './RideMap.tsx'

/** Where the driver heads now: the pick-up until the rider is aboard, then the drop-off. */
export function targetOf(trip: Trip): LatLng | null {
  if (trip.status === 'STARTED') return trip.pickUp
  if (trip.status === 'IN_PROGRESS') return trip.dropOff
  return null
}

/** The trip's ends and its driver as map markers, with the trip line and the driver's approach. */
export function tripShapes(
  t: TFunction,
  trip: Trip,
  driver: LatLng | null,
  route: readonly LatLng[] = [],
): { markers: MapMarker[]; lines: MapLine[] } {
  const markers: MapMarker[] = [
    {
      id: 'pickUp',
      kind: 'pickUp',
      position: trip.pickUp,
      label: t('rides:map.pickUp', { address: trip.pickUp.address }),
    },
    {
      id: 'dropOff',
      kind: 'dropOff',
      position: trip.dropOff,
      label: t('rides:map.dropOff', { address: trip.dropOff.address }),
    },
  ]
  const lines: MapLine[] = [{ id: 'trip', kind: 'trip', points: [trip.pickUp, trip.dropOff] }]
  if (route.length > 1) lines.push({ id: 'route', kind: 'route', points: [...route] })
  const target = targetOf(trip)
  if (driver !== null && (target !== null || trip.status === 'COMPLETED')) {
    markers.push({ id: 'driver', kind: 'driver', position: driver, label: t('rides:map.driver') })
    if (target !== null) lines.push({ id: 'approach', kind: 'approach', points: [driver, target] })
  }
  return { markers, lines }
}
