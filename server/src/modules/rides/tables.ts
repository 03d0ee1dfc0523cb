import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

export const rides = pgSchema('rides')

/** The same list as the contracts' TRIP_STATUSES (kept here so drizzle-kit loads this file alone). */
const TRIP_STATUSES = ['REQUESTED', 'STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const

/** A handle on accounts.users for the foreign keys only (not exported, so drizzle-kit skips it). */
const accountUsers = pgSchema('accounts').table('users', { id: uuid('id').primaryKey() })

/** A user who drives: their vehicle and whether they take trips now. */
export const drivers = rides.table('drivers', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => accountUsers.id, { onDelete: 'cascade' }),
  vehicle: text('vehicle').notNull(),
  plate: text('plate').notNull(),
  isOnline: boolean('is_online').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/**
 * Trips. The partial unique indexes settle two races in the database: a rider has at most one open
 * trip, and a driver at most one active trip, whatever concurrent requests do.
 */
export const trips = rides.table(
  'trips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => accountUsers.id, { onDelete: 'cascade' }),
    driverId: uuid('driver_id').references(() => accountUsers.id, { onDelete: 'set null' }),
    status: text('status', { enum: TRIP_STATUSES }).notNull().default('REQUESTED'),
    pickUpAddress: text('pick_up_address').notNull(),
    pickUpLat: doublePrecision('pick_up_lat').notNull(),
    pickUpLng: doublePrecision('pick_up_lng').notNull(),
    dropOffAddress: text('drop_off_address').notNull(),
    dropOffLat: doublePrecision('drop_off_lat').notNull(),
    dropOffLng: doublePrecision('drop_off_lng').notNull(),
    distanceKm: doublePrecision('distance_km').notNull(),
    fareAmount: integer('fare_amount').notNull(),
    fareCurrency: text('fare_currency').notNull(),
    searchRadiusKm: doublePrecision('search_radius_km').notNull(),
    rating: smallint('rating'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('trips_rider_created_idx').on(t.riderId, t.createdAt, t.id),
    index('trips_driver_created_idx').on(t.driverId, t.createdAt, t.id),
    index('trips_requested_pick_up_idx')
      .on(t.pickUpLat, t.pickUpLng)
      .where(sql`${t.status} = 'REQUESTED'`),
    uniqueIndex('trips_one_open_per_rider_key')
      .on(t.riderId)
      .where(sql`${t.status} in ('REQUESTED', 'STARTED', 'IN_PROGRESS')`),
    uniqueIndex('trips_one_active_per_driver_key')
      .on(t.driverId)
      .where(sql`${t.status} in ('STARTED', 'IN_PROGRESS')`),
  ],
)

/**
 * Which drivers were shown a requested trip (offered live or listed as nearby), so that each of
 * them is told when it is no longer available, and a widened search offers it only to new ones.
 */
export const offers = rides.table(
  'offers',
  {
    tripId: uuid('trip_id')
      .notNull()
      .references(() => trips.id, { onDelete: 'cascade' }),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => accountUsers.id, { onDelete: 'cascade' }),
    distanceKm: doublePrecision('distance_km').notNull(),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'offers_pkey', columns: [t.tripId, t.driverId] })],
)

/** The driver's route during a trip, downsampled (a point per few tens of metres or seconds). */
export const routePoints = rides.table(
  'route_points',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tripId: uuid('trip_id')
      .notNull()
      .references(() => trips.id, { onDelete: 'cascade' }),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('route_points_trip_idx').on(t.tripId, t.id)],
)

export type DriverRow = typeof drivers.$inferSelect
export type TripRow = typeof trips.$inferSelect
export type RoutePointRow = typeof routePoints.$inferSelect
