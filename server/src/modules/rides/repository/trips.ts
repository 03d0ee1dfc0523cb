import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, notExists, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '../../../core/db/index.ts'
import { trips, type TripRow } from '../tables.ts'

/** A driver's trip in these statuses is their active one (at most one: trips_one_active_per_driver_key). */
export const ACTIVE_STATUSES = ['STARTED', 'IN_PROGRESS'] as const

export type NewTrip = typeof trips.$inferInsert

export async function insertTrip(db: Executor, values: NewTrip): Promise<TripRow> {
  const [row] = await db.insert(trips).values(values).returning()
  if (row === undefined) throw new Error('insert into rides.trips returned no row')
  return row
}

export async function findTrip(db: Executor, id: string): Promise<TripRow | undefined> {
  const [row] = await db.select().from(trips).where(eq(trips.id, id))
  return row
}

/** The trip, locked until the transaction ends (its status is decided under the lock). */
export async function lockTrip(tx: Executor, id: string): Promise<TripRow | undefined> {
  const [row] = await tx.select().from(trips).where(eq(trips.id, id)).for('update')
  return row
}

/**
 * The race-free accept: one conditional UPDATE that only a REQUESTED trip without a driver passes,
 * and only for a driver without another active trip. Concurrent accepts queue on the row lock and
 * re-check the condition, so exactly one gets the row back.
 */
export async function acceptTripRow(
  db: Executor,
  values: { tripId: string; driverId: string; now: Date },
): Promise<TripRow | undefined> {
  const busy = alias(trips, 'busy')
  const [row] = await db
    .update(trips)
    .set({ status: 'STARTED', driverId: values.driverId, acceptedAt: values.now, updatedAt: values.now })
    .where(
      and(
        eq(trips.id, values.tripId),
        eq(trips.status, 'REQUESTED'),
        isNull(trips.driverId),
        ne(trips.riderId, values.driverId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(busy)
            .where(and(eq(busy.driverId, values.driverId), inArray(busy.status, [...ACTIVE_STATUSES]))),
        ),
      ),
    )
    .returning()
  return row
}

export async function updateTripRow(
  tx: Executor,
  id: string,
  patch: Partial<Omit<TripRow, 'id' | 'riderId'>>,
): Promise<TripRow> {
  const [row] = await tx.update(trips).set(patch).where(eq(trips.id, id)).returning()
  if (row === undefined) throw new Error('update of rides.trips returned no row')
  return row
}

/** Rates a completed trip of the rider's, once: the second attempt gets nothing back. */
export async function rateTripRow(
  db: Executor,
  values: { tripId: string; riderId: string; rating: number; now: Date },
): Promise<TripRow | undefined> {
  const [row] = await db
    .update(trips)
    .set({ rating: values.rating, updatedAt: values.now })
    .where(
      and(
        eq(trips.id, values.tripId),
        eq(trips.riderId, values.riderId),
        eq(trips.status, 'COMPLETED'),
        isNull(trips.rating),
      ),
    )
    .returning()
  return row
}

/** Widens a still-requested trip's search from `from` to `to` km; nothing when it moved on meanwhile. */
export async function widenTripSearch(
  db: Executor,
  values: { tripId: string; from: number; to: number; now: Date },
): Promise<TripRow | undefined> {
  const [row] = await db
    .update(trips)
    .set({ searchRadiusKm: values.to, updatedAt: values.now })
    .where(
      and(
        eq(trips.id, values.tripId),
        eq(trips.status, 'REQUESTED'),
        isNull(trips.driverId),
        eq(trips.searchRadiusKm, values.from),
      ),
    )
    .returning()
  return row
}

export interface TripKey {
  createdAt: Date
  id: string
}

/** One page of a user's trips as rider or driver, newest first, after `after`; one extra row tells if there is more. */
export async function listTripsPage(
  db: Executor,
  options: { userId: string; role: 'rider' | 'driver'; after: TripKey | undefined; limit: number },
): Promise<TripRow[]> {
  const owner = options.role === 'rider' ? eq(trips.riderId, options.userId) : eq(trips.driverId, options.userId)
  const after = options.after
  const older =
    after === undefined
      ? undefined
      : or(lt(trips.createdAt, after.createdAt), and(eq(trips.createdAt, after.createdAt), lt(trips.id, after.id)))
  return db
    .select()
    .from(trips)
    .where(and(owner, older))
    .orderBy(desc(trips.createdAt), desc(trips.id))
    .limit(options.limit + 1)
}

/** Requested trips whose pick-up lies in the box (the caller checks the exact distance). */
export async function listRequestedTripsInBox(
  db: Executor,
  box: { minLat: number; maxLat: number; minLng: number; maxLng: number },
  options: { excludeRiderId: string; limit: number },
): Promise<TripRow[]> {
  return db
    .select()
    .from(trips)
    .where(
      and(
        eq(trips.status, 'REQUESTED'),
        gte(trips.pickUpLat, box.minLat),
        lte(trips.pickUpLat, box.maxLat),
        gte(trips.pickUpLng, box.minLng),
        lte(trips.pickUpLng, box.maxLng),
        ne(trips.riderId, options.excludeRiderId),
      ),
    )
    .orderBy(asc(trips.createdAt))
    .limit(options.limit)
}
