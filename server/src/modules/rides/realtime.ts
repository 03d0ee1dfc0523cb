import { LocationCommand, RIDES_LOCATION_COMMAND } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { ModuleRealtime } from '../../core/module.ts'
import { findTrip } from './repository/index.ts'
import { reportLocation } from './service/index.ts'
import { roleIn } from './state-machine.ts'
import { isUuid } from '../../core/ids.ts'

/**
 * `rides:trip:<id>` is for the trip's rider and its driver only (anyone else: realtime.forbidden);
 * drivers hear of offers on their own `user:<id>` channel. The `rides.location` command is the
 * driver app's position feed (service/location.ts).
 */
export function ridesRealtime(ctx: Ctx): ModuleRealtime {
  return {
    channels: {
      'rides:trip': async (actor, id) => {
        if (!isUuid(id)) return false
        const trip = await findTrip(ctx.db, id)
        return trip !== undefined && roleIn(trip, actor.userId) !== 'other'
      },
    },
    commands: {
      [RIDES_LOCATION_COMMAND]: {
        schema: LocationCommand,
        handle: (actor, frame) => reportLocation(ctx, actor, frame as LocationCommand),
      },
    },
  }
}
