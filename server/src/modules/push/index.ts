/**
 * Push: notifications to a user's other devices when something changes, sent from the
 * `push.deliver` job over Web Push (VAPID keys configured, else generated once and kept in the
 * database) or Firebase Cloud Messaging when configured. Changes within a few seconds are
 * coalesced into one notification per device, except time-critical ones sent as immediate. Owns the `push` schema (VAPID keys, one
 * subscription per device session, the per-device outbox). Depends on core (jobs, i18n) and
 * accounts (live sessions, locale). Other modules call `notifyOtherDevices` inside their transaction.
 */
import type { ModuleManifest } from '../../core/module.ts'
import { pushJobs } from './jobs.ts'
import { pushMessages } from './messages.ts'
import { pushRoutes } from './routes.ts'

export const pushModule: ModuleManifest = {
  name: 'push',
  routes: pushRoutes,
  jobs: pushJobs,
  messages: pushMessages,
}

export { DELIVER_JOB } from './jobs.ts'
export { notifyOtherDevices, type PushNotice } from './service.ts'
