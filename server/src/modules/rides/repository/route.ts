import { asc, desc, eq } from 'drizzle-orm'
import type { Executor } from '../../../core/db/index.ts'
import { routePoints, type RoutePointRow } from '../tables.ts'

export async function insertRoutePoint(
  db: Executor,
  values: { tripId: string; lat: number; lng: number; recordedAt: Date },
): Promise<void> {
  await db.insert(routePoints).values(values)
}

export async function findLastRoutePoint(db: Executor, tripId: string): Promise<RoutePointRow | undefined> {
  const [row] = await db
    .select()
    .from(routePoints)
    .where(eq(routePoints.tripId, tripId))
    .orderBy(desc(routePoints.id))
    .limit(1)
  return row
}

export async function listRoutePoints(db: Executor, tripId: string, limit: number): Promise<RoutePointRow[]> {
  return db.select().from(routePoints).where(eq(routePoints.tripId, tripId)).orderBy(asc(routePoints.id)).limit(limit)
}
