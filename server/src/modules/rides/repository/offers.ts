import { and, eq, ne } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { offers } from '../tables.ts'

/** Records that these drivers were shown the trip; returns those who had not been before. */
export async function insertOffers(
  db: Executor,
  tripId: string,
  shown: ReadonlyArray<{ driverId: string; distanceKm: number }>,
  now: Date,
): Promise<Set<string>> {
  if (shown.length === 0) return new Set()
  const rows = await db
    .insert(offers)
    .values(shown.map((o) => ({ tripId, driverId: o.driverId, distanceKm: o.distanceKm, offeredAt: now })))
    .onConflictDoNothing()
    .returning({ driverId: offers.driverId })
  return new Set(rows.map((r) => r.driverId))
}

export async function listOfferedDriverIds(db: Executor, tripId: string): Promise<string[]> {
  const rows = await db.select({ driverId: offers.driverId }).from(offers).where(eq(offers.tripId, tripId))
  return rows.map((r) => r.driverId)
}

/** Forgets who was shown the trip, except `keepDriverId` (a driver who withdrew is not offered it again). */
export async function deleteOffersExcept(db: Executor, tripId: string, keepDriverId: string): Promise<string[]> {
  const rows = await db
    .delete(offers)
    .where(and(eq(offers.tripId, tripId), ne(offers.driverId, keepDriverId)))
    .returning({ driverId: offers.driverId })
  return rows.map((r) => r.driverId)
}

/** Records that the driver was shown these trips (the nearby list), so they hear when each goes. */
export async function insertShownTrips(
  db: Executor,
  driverId: string,
  shown: ReadonlyArray<{ tripId: string; distanceKm: number }>,
  now: Date,
): Promise<void> {
  if (shown.length === 0) return
  await db
    .insert(offers)
    .values(shown.map((o) => ({ tripId: o.tripId, driverId, distanceKm: o.distanceKm, offeredAt: now })))
    .onConflictDoNothing()
}
