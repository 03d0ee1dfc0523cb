/**
 * Accounts: users, passwords, device sessions with rotating refresh tokens, and the security log.
 * Owns the `accounts` schema. Depends only on core. Other modules use the Actor that core's auth
 * hook builds through `resolveActor`, and `ensureStaffUser` for management commands.
 */
import type { ModuleManifest } from '../../core/module.ts'
import { accountsMessages } from './messages.ts'
import { accountsRoutes } from './routes.ts'
import { createActorResolver } from './service/index.ts'

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  routes: accountsRoutes,
  messages: accountsMessages,
  resolveActor: createActorResolver,
}

export { ensureStaffUser, type StaffUserInput } from './service/index.ts'
export { localesByEmail } from './service/locales.ts'
export { contactsByIds, listStaffContacts, type UserContact } from './service/contacts.ts'
export { liveSessionsOf, type LiveSessions } from './service/live-sessions.ts'
