import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

/**
 * Rides (the real-time taxi app). A user may be a rider, a driver (once they have a driver
 * profile) or both. A trip goes REQUESTED → STARTED (a driver accepted and drives to the pick-up)
 * → IN_PROGRESS (rider aboard) → COMPLETED; the rider may cancel it (CANCELLED) before pick-up,
 * and a driver who withdraws returns it to REQUESTED, where it is offered again.
 *
 * Realtime:
 * - `rides:trip:<tripId>` (the rider and the trip's driver only): `rides.trip_updated`,
 *   `rides.driver_located` and `rides.search_widened` ("still looking").
 * - `user:<driverId>`: `rides.trip_offered` when a nearby trip is requested, and
 *   `rides.offer_revoked` when a trip the driver was shown is taken, cancelled or withdrawn from them.
 * - Socket command `rides.location` (drivers): the driver's position, at most a few per second.
 */

const Id = Type.String({ format: 'uuid' })

export const TRIP_STATUSES = ['REQUESTED', 'STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const
export const TripStatus = Type.Union([
  Type.Literal('REQUESTED'),
  Type.Literal('STARTED'),
  Type.Literal('IN_PROGRESS'),
  Type.Literal('COMPLETED'),
  Type.Literal('CANCELLED'),
])
export type TripStatus = Static<typeof TripStatus>

export const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'Degrees, WGS 84' })
export const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'Degrees, WGS 84' })

export const LatLng = Type.Object({ lat: Latitude, lng: Longitude }, { additionalProperties: false })
export type LatLng = Static<typeof LatLng>

/** A pick-up or drop-off: what the rider typed or picked on the map, and its coordinates. */
export const Place = Type.Object(
  { address: Type.String({ minLength: 1, maxLength: 255 }), lat: Latitude, lng: Longitude },
  { additionalProperties: false },
)
export type Place = Static<typeof Place>

export const Money = Type.Object({
  amount: Type.Integer({ description: 'In the currency’s smallest unit (KRW has no minor unit)' }),
  currency: Type.String({ description: 'ISO 4217, e.g. KRW' }),
})
export type Money = Static<typeof Money>

/** The straight-line (haversine) distance and the fare the tariff gives for it. */
export const FareEstimate = Type.Object({
  distanceKm: Type.Number(),
  fare: Money,
})
export type FareEstimate = Static<typeof FareEstimate>

/** POST /api/rides/estimates */
export const EstimateBody = Type.Object({ pickUp: LatLng, dropOff: LatLng }, { additionalProperties: false })
export type EstimateBody = Static<typeof EstimateBody>

// Drivers -------------------------------------------------------------------------------------

export const DriverProfile = Type.Object({
  userId: Id,
  vehicle: Type.String(),
  plate: Type.String(),
  isOnline: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type DriverProfile = Static<typeof DriverProfile>

/** PUT /api/rides/driver: creates the caller's driver profile or changes it. */
export const DriverProfileBody = Type.Object(
  {
    vehicle: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Hyundai Sonata, white"' }),
    plate: Type.String({ minLength: 1, maxLength: 20, description: 'e.g. "12가 3456"' }),
  },
  { additionalProperties: false },
)
export type DriverProfileBody = Static<typeof DriverProfileBody>

/** POST /api/rides/driver/online: optionally with where the driver is now (else their last location). */
export const GoOnlineBody = Type.Object(
  { lat: Type.Optional(Latitude), lng: Type.Optional(Longitude) },
  { additionalProperties: false, dependencies: { lat: ['lng'], lng: ['lat'] } },
)
export type GoOnlineBody = Static<typeof GoOnlineBody>

// Trips ---------------------------------------------------------------------------------------

export const TripRider = Type.Object({ id: Id, displayName: Type.String() })
export const TripDriver = Type.Object({
  id: Id,
  displayName: Type.String(),
  vehicle: Type.String(),
  plate: Type.String(),
})

export const Trip = Type.Object({
  id: Id,
  status: TripStatus,
  pickUp: Place,
  dropOff: Place,
  rider: TripRider,
  driver: Type.Union([Type.Null(), TripDriver]),
  /** Fixed when the trip is requested. */
  estimate: FareEstimate,
  /** The rider's 1-5 rating, once the trip is completed and rated. */
  rating: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 5 })]),
  /** How far around the pick-up drivers are being offered the trip (while REQUESTED). */
  searchRadiusKm: Type.Number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  acceptedAt: Type.Union([Type.Null(), Timestamp]),
  pickedUpAt: Type.Union([Type.Null(), Timestamp]),
  completedAt: Type.Union([Type.Null(), Timestamp]),
  cancelledAt: Type.Union([Type.Null(), Timestamp]),
})
export type Trip = Static<typeof Trip>

export const RoutePoint = Type.Object({ lat: Latitude, lng: Longitude, at: Timestamp })
export type RoutePoint = Static<typeof RoutePoint>

/** GET /api/rides/trips/:id: the trip and the route the driver took so far (downsampled). */
export const TripDetail = Type.Object({ trip: Trip, route: Type.Array(RoutePoint) })
export type TripDetail = Static<typeof TripDetail>

/** POST /api/rides/trips: the rider requests a trip (the fare estimate is computed by the server). */
export const RequestTripBody = Type.Object({ pickUp: Place, dropOff: Place }, { additionalProperties: false })
export type RequestTripBody = Static<typeof RequestTripBody>

/** POST /api/rides/trips/:id/rating */
export const RateTripBody = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }) },
  { additionalProperties: false },
)
export type RateTripBody = Static<typeof RateTripBody>

/** GET /api/rides/trips: my trips as rider (default) or as driver, newest first. */
export const TripHistoryQuery = Type.Object(
  {
    role: Type.Optional(Type.Union([Type.Literal('rider'), Type.Literal('driver')], { default: 'rider' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[0-9A-Za-z_-]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type TripHistoryQuery = Static<typeof TripHistoryQuery>

export const TripPage = Type.Object({ items: Type.Array(Trip), nextCursor: Type.Union([Type.Null(), Type.String()]) })
export type TripPage = Static<typeof TripPage>

/** GET /api/rides/trips/nearby: around the given point, else around the driver's last location. */
export const NearbyTripsQuery = Type.Object(
  {
    lat: Type.Optional(Latitude),
    lng: Type.Optional(Longitude),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false, dependencies: { lat: ['lng'], lng: ['lat'] } },
)
export type NearbyTripsQuery = Static<typeof NearbyTripsQuery>

/** A requested trip shown to a driver, with the distance from the driver to its pick-up. */
export const TripOffer = Type.Object({ trip: Trip, distanceKm: Type.Number() })
export type TripOffer = Static<typeof TripOffer>

export const NearbyTrips = Type.Object({ items: Type.Array(TripOffer), radiusKm: Type.Number() })
export type NearbyTrips = Static<typeof NearbyTrips>

/** GET /api/rides/config: what clients need to draw the map and show fares. */
export const RidesClientConfig = Type.Object({
  mapTileUrl: Type.String({ description: 'XYZ tile URL template with {z}/{x}/{y}' }),
  currency: Type.String(),
  locationIntervalMs: Type.Integer({ description: 'How often a driver app should send rides.location' }),
})
export type RidesClientConfig = Static<typeof RidesClientConfig>

// Realtime ------------------------------------------------------------------------------------

export const RIDES_LOCATION_COMMAND = 'rides.location'

/**
 * `{ type: 'rides.location', lat, lng, heading?, speed?, tripId? }` from a driver's socket. Without
 * `tripId` it goes to the driver's active trip, if any; with it, only the trip's driver may send.
 * The result frame's data is LocationAck.
 */
export const LocationCommand = Type.Object(
  {
    type: Type.Literal('rides.location'),
    ref: Type.Optional(Type.String({ maxLength: 64 })),
    lat: Latitude,
    lng: Longitude,
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360, description: 'Degrees clockwise from north' })),
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Metres per second' })),
    tripId: Type.Optional(Id),
  },
  { additionalProperties: false },
)
export type LocationCommand = Static<typeof LocationCommand>

export interface LocationAck {
  /** The trip the location was published on, or null when the driver has no active trip. */
  tripId: string | null
}

export function tripChannel(tripId: string): string {
  return `rides:trip:${tripId}`
}

export interface DriverLocated {
  tripId: string
  driverId: string
  lat: number
  lng: number
  heading: number | null
  speed: number | null
  /** When the server received it (ISO-8601). */
  at: string
}

export interface RidesEventMap {
  /** On `rides:trip:<id>`: any change of the trip (accepted, picked up, completed, cancelled, withdrawn, rated). */
  'rides.trip_updated': { trip: Trip }
  /** On `rides:trip:<id>`: the driver's position. */
  'rides.driver_located': DriverLocated
  /** On `rides:trip:<id>`: nobody accepted yet; the search now covers `radiusKm` ("still looking"). */
  'rides.search_widened': { tripId: string; radiusKm: number; isMaxRadius: boolean; driversOffered: number }
  /** On `user:<driverId>`: a requested trip near the driver. */
  'rides.trip_offered': TripOffer
  /** On `user:<driverId>`: a trip the driver was shown is no longer available to them. */
  'rides.offer_revoked': { tripId: string; reason: 'taken' | 'cancelled' }
}
export type RidesEvent = keyof RidesEventMap
