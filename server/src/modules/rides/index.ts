/**
 * Rides (the real-time taxi app): driver profiles and their online status, trips from request to
 * completion (state-machine.ts), fare estimates, dispatch to nearby drivers with a widening search
 * (the rides.widen-search job), the drivers' live locations (the rides.location socket command,
 * kept in memory or Redis GEO: positions/) and each trip's downsampled route. Owns the `rides`
 * schema; its rows belong to accounts users (foreign keys), whose display names it reads through
 * the accounts module. Channels: `rides:trip:<id>` (the rider and the driver) and each driver's
 * `user:<id>` for offers. The moments a participant must hear with the app closed (accepted,
 * withdrawn, completed, cancelled) also go out through the push module (service/push.ts).
 */
import type { ModuleManifest } from '../../core/module.ts'
import { ridesJobs } from './jobs.ts'
import { ridesMessages } from './messages.ts'
import { closeDriverPositions } from './positions/index.ts'
import { ridesRealtime } from './realtime.ts'
import { ridesRoutes } from './routes.ts'

export const ridesModule: ModuleManifest = {
  name: 'rides',
  routes: ridesRoutes,
  messages: ridesMessages,
  realtime: ridesRealtime,
  jobs: ridesJobs,
  close: closeDriverPositions,
}
