import { and, eq, inArray, notExists, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '../../../core/db/index.ts'
import { drivers, trips, type DriverRow } from '../tables.ts'
import { ACTIVE_STATUSES } from './trips.ts'

export async function findDriver(db: Executor, userId: string): Promise<DriverRow | undefined> {
  const [row] = await db.select().from(drivers).where(eq(drivers.userId, userId))
  return row
}

export async function findDriversByIds(db: Executor, ids: readonly string[]): Promise<DriverRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(drivers)
    .where(inArray(drivers.userId, [...ids]))
}

export async function upsertDriver(
  db: Executor,
  values: { userId: string; vehicle: string; plate: string; now: Date },
): Promise<DriverRow> {
  const [row] = await db
    .insert(drivers)
    .values({
      userId: values.userId,
      vehicle: values.vehicle,
      plate: values.plate,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoUpdate({
      target: drivers.userId,
      set: { vehicle: values.vehicle, plate: values.plate, updatedAt: values.now },
    })
    .returning()
  if (row === undefined) throw new Error('upsert into rides.drivers returned no row')
  return row
}

export async function setDriverOnline(
  db: Executor,
  userId: string,
  isOnline: boolean,
  now: Date,
): Promise<DriverRow | undefined> {
  const [row] = await db.update(drivers).set({ isOnline, updatedAt: now }).where(eq(drivers.userId, userId)).returning()
  return row
}

/** Of these drivers, those online and without an active trip (who can take a new one). */
export async function findAvailableDriverIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const busy = alias(trips, 'busy')
  const rows = await db
    .select({ userId: drivers.userId })
    .from(drivers)
    .where(
      and(
        inArray(drivers.userId, [...ids]),
        eq(drivers.isOnline, true),
        notExists(
          db
            .select({ one: sql`1` })
            .from(busy)
            .where(and(eq(busy.driverId, drivers.userId), inArray(busy.status, [...ACTIVE_STATUSES]))),
        ),
      ),
    )
  return new Set(rows.map((r) => r.userId))
}

/** What a location message needs about its driver, in one query. */
export interface DriverState {
  isOnline: boolean
  activeTripId: string | null
}

export async function findDriverState(db: Executor, userId: string): Promise<DriverState | undefined> {
  const rows = await db
    .select({ isOnline: drivers.isOnline, activeTripId: trips.id })
    .from(drivers)
    .leftJoin(trips, and(eq(trips.driverId, drivers.userId), inArray(trips.status, [...ACTIVE_STATUSES])))
    .where(eq(drivers.userId, userId))
    .limit(1)
  return rows[0]
}
