import type { DriverProfile, DriverProfileBody, GoOnlineBody } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { AppError } from '../../../core/errors/app-error.ts'
import { driverPositions } from '../positions/index.ts'
import { findDriver, setDriverOnline, upsertDriver } from '../repository/index.ts'
import type { DriverRow } from '../tables.ts'
import { forgetDriverState } from './location.ts'

function presentDriver(row: DriverRow): DriverProfile {
  return {
    userId: row.userId,
    vehicle: row.vehicle,
    plate: row.plate,
    isOnline: row.isOnline,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The caller's driver profile, or null when they have none (they only ride). */
export async function getDriverProfile(ctx: Ctx, actor: Actor): Promise<DriverProfile | null> {
  const row = await findDriver(ctx.db, actor.userId)
  return row === undefined ? null : presentDriver(row)
}

/** Makes the caller a driver with this vehicle, or changes it. A new driver starts offline. */
export async function saveDriverProfile(ctx: Ctx, actor: Actor, input: DriverProfileBody): Promise<DriverProfile> {
  const row = await upsertDriver(ctx.db, {
    userId: actor.userId,
    vehicle: input.vehicle.trim(),
    plate: input.plate.trim(),
    now: ctx.clock.now(),
  })
  forgetDriverState(ctx, actor.userId)
  return presentDriver(row)
}

/**
 * The driver starts taking trips; with `lat`/`lng` their position is known at once (else from the
 * first rides.location). Error: rides.not_a_driver.
 */
export async function goOnline(ctx: Ctx, actor: Actor, input: GoOnlineBody): Promise<DriverProfile> {
  const now = ctx.clock.now()
  const row = await setDriverOnline(ctx.db, actor.userId, true, now)
  if (row === undefined) throw new AppError('rides.not_a_driver')
  forgetDriverState(ctx, actor.userId)
  if (input.lat !== undefined && input.lng !== undefined) {
    await driverPositions(ctx).update({
      driverId: actor.userId,
      lat: input.lat,
      lng: input.lng,
      heading: null,
      speed: null,
      at: now.getTime(),
    })
  }
  return presentDriver(row)
}

/** The driver stops taking new trips and leaves the dispatch map (an active trip goes on). */
export async function goOffline(ctx: Ctx, actor: Actor): Promise<DriverProfile> {
  const row = await setDriverOnline(ctx.db, actor.userId, false, ctx.clock.now())
  if (row === undefined) throw new AppError('rides.not_a_driver')
  forgetDriverState(ctx, actor.userId)
  await driverPositions(ctx).remove(actor.userId)
  return presentDriver(row)
}
