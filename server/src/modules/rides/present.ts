import type { RoutePoint, Trip } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import { contactsByIds } from '../accounts/index.ts'
import { findDriversByIds } from './repository/index.ts'
import type { RoutePointRow, TripRow } from './tables.ts'

/**
 * Row -> contract mapping. Call outside a transaction (it reads through ctx.db). Names come from
 * the accounts module and vehicles from rides.drivers, in one batch each.
 */

export async function presentTrips(ctx: Ctx, rows: readonly TripRow[]): Promise<Trip[]> {
  if (rows.length === 0) return []
  const driverIds = [...new Set(rows.flatMap((r) => (r.driverId === null ? [] : [r.driverId])))]
  const userIds = [...new Set([...rows.map((r) => r.riderId), ...driverIds])]
  const [contacts, driverRows] = await Promise.all([contactsByIds(ctx, userIds), findDriversByIds(ctx.db, driverIds)])
  const vehicles = new Map(driverRows.map((d) => [d.userId, d]))
  const nameOf = (id: string) => contacts.get(id)?.displayName ?? ''
  return rows.map((row) => {
    const vehicle = row.driverId === null ? undefined : vehicles.get(row.driverId)
    return {
      id: row.id,
      status: row.status,
      pickUp: { address: row.pickUpAddress, lat: row.pickUpLat, lng: row.pickUpLng },
      dropOff: { address: row.dropOffAddress, lat: row.dropOffLat, lng: row.dropOffLng },
      rider: { id: row.riderId, displayName: nameOf(row.riderId) },
      driver:
        row.driverId === null
          ? null
          : {
              id: row.driverId,
              displayName: nameOf(row.driverId),
              vehicle: vehicle?.vehicle ?? '',
              plate: vehicle?.plate ?? '',
            },
      estimate: { distanceKm: row.distanceKm, fare: { amount: row.fareAmount, currency: row.fareCurrency } },
      rating: row.rating,
      searchRadiusKm: row.searchRadiusKm,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      pickedUpAt: row.pickedUpAt?.toISOString() ?? null,
      completedAt: row.completedAt?.toISOString() ?? null,
      cancelledAt: row.cancelledAt?.toISOString() ?? null,
    }
  })
}

export async function presentTrip(ctx: Ctx, row: TripRow): Promise<Trip> {
  const [trip] = await presentTrips(ctx, [row])
  if (trip === undefined) throw new Error('presentTrips returned nothing for one row')
  return trip
}

export function presentRoutePoint(row: RoutePointRow): RoutePoint {
  return { lat: row.lat, lng: row.lng, at: row.recordedAt.toISOString() }
}
