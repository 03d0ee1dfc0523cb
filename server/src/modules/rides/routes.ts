import {
  DriverProfile,
  DriverProfileBody,
  EstimateBody,
  FareEstimate,
  GoOnlineBody,
  IdParams,
  NearbyTrips,
  NearbyTripsQuery,
  RateTripBody,
  RequestTripBody,
  RidesClientConfig,
  Trip,
  TripDetail,
  TripHistoryQuery,
  TripPage,
} from '@madang/contracts'
import { Type } from 'typebox'
import type { FastifyRequest } from 'fastify'
import type { Ctx } from '../../ctx.ts'
import type { Actor } from '../../core/auth/actor.ts'
import { requireActor } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import * as service from './service/index.ts'

const SECURED = { tags: ['rides'], security: [{ bearerAuth: [] }] }

/** An action without a body may be sent with none: validate it as `{}`. */
async function bodyOrEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {}
}

export async function ridesRoutes(app: App, ctx: Ctx): Promise<void> {
  app.addHook('onRequest', app.authenticate)

  app.get(
    '/config',
    {
      schema: {
        ...SECURED,
        summary: 'Map tiles, currency and location interval for clients',
        response: { 200: RidesClientConfig },
      },
    },
    async () => ({
      mapTileUrl: ctx.config.rides.mapTileUrl,
      currency: ctx.config.rides.fareCurrency,
      locationIntervalMs: Math.ceil(1000 / ctx.config.rides.locationPerSecond),
    }),
  )

  // Drivers ------------------------------------------------------------------------------------

  app.get(
    '/driver',
    {
      schema: {
        ...SECURED,
        summary: 'My driver profile, or null when I only ride',
        response: { 200: Type.Union([DriverProfile, Type.Null()]) },
      },
    },
    async (request) => service.getDriverProfile(ctx, requireActor(request)),
  )

  app.put(
    '/driver',
    {
      schema: {
        ...SECURED,
        summary: 'Become a driver, or change my vehicle',
        body: DriverProfileBody,
        response: { 200: DriverProfile },
      },
    },
    async (request) => service.saveDriverProfile(ctx, requireActor(request), request.body),
  )

  app.post(
    '/driver/online',
    {
      preValidation: bodyOrEmpty,
      schema: {
        ...SECURED,
        summary: 'Start taking trips, optionally saying where I am',
        body: GoOnlineBody,
        response: { 200: DriverProfile },
      },
    },
    async (request) => service.goOnline(ctx, requireActor(request), request.body),
  )

  app.post(
    '/driver/offline',
    { schema: { ...SECURED, summary: 'Stop taking new trips', response: { 200: DriverProfile } } },
    async (request) => service.goOffline(ctx, requireActor(request)),
  )

  // Trips --------------------------------------------------------------------------------------

  app.post(
    '/estimates',
    {
      schema: {
        ...SECURED,
        summary: 'Straight-line distance and fare between two points',
        body: EstimateBody,
        response: { 200: FareEstimate },
      },
    },
    async (request) => service.estimateTrip(ctx, request.body),
  )

  app.post(
    '/trips',
    {
      schema: {
        ...SECURED,
        summary: 'Request a trip; nearby online drivers are offered it live',
        body: RequestTripBody,
        response: { 201: Trip },
      },
    },
    async (request, reply) => {
      const trip = await service.requestTrip(ctx, requireActor(request), request.body)
      return reply.code(201).send(trip)
    },
  )

  app.get(
    '/trips',
    {
      schema: {
        ...SECURED,
        summary: 'My trips as rider or as driver, newest first',
        querystring: TripHistoryQuery,
        response: { 200: TripPage },
      },
    },
    async (request) => service.listMyTrips(ctx, requireActor(request), request.query),
  )

  app.get(
    '/trips/nearby',
    {
      schema: {
        ...SECURED,
        summary: 'Requested trips I can take (online drivers), nearest first',
        querystring: NearbyTripsQuery,
        response: { 200: NearbyTrips },
      },
    },
    async (request) => service.listNearbyTrips(ctx, requireActor(request), request.query),
  )

  app.get(
    '/trips/:id',
    {
      schema: {
        ...SECURED,
        summary: 'A trip of mine (as rider or driver) with its route so far',
        params: IdParams,
        response: { 200: TripDetail },
      },
    },
    async (request) => service.getTrip(ctx, requireActor(request), request.params.id),
  )

  const action = (
    path: string,
    summary: string,
    run: (ctx: Ctx, actor: Actor, tripId: string) => Promise<Trip>,
  ): void => {
    app.post(
      `/trips/:id/${path}`,
      { schema: { ...SECURED, summary, params: IdParams, response: { 200: Trip } } },
      async (request) => run(ctx, requireActor(request), request.params.id),
    )
  }
  action('accept', 'Accept a requested trip (drivers); exactly one of many concurrent accepts wins', service.acceptTrip)
  action('pick-up', 'The rider is aboard (the trip’s driver)', service.pickUpRider)
  action('complete', 'The rider was dropped off (the trip’s driver)', service.completeTrip)
  action('cancel', 'Cancel before pick-up (the rider)', service.cancelTrip)
  action(
    'withdraw',
    'Give the trip back before pick-up (the trip’s driver); it is offered again',
    service.withdrawFromTrip,
  )

  app.post(
    '/trips/:id/rating',
    {
      schema: {
        ...SECURED,
        summary: 'Rate a completed trip 1-5, once (the rider)',
        params: IdParams,
        body: RateTripBody,
        response: { 200: Trip },
      },
    },
    async (request) => service.rateTrip(ctx, requireActor(request), request.params.id, request.body.rating),
  )
}
