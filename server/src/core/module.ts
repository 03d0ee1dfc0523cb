import type { Ctx } from '../ctx.ts'
import type { ActorResolver } from './auth/actor.ts'
import type { App } from './http/types.ts'
import type { MessageBundle } from './i18n/index.ts'
import type { CronEntry, JobDefinition } from './jobs/index.ts'
import type { ChannelAuthorizer } from './realtime/channels.ts'
import type { CommandDefinition } from './realtime/gateway.ts'

/** A module's part in the realtime gateway: its channel kinds and its socket commands. */
export interface ModuleRealtime {
  /** Authorizers by channel kind `<module>:<entity>`, e.g. `rides:trip`. */
  channels?: Record<string, ChannelAuthorizer>
  /** Socket commands by type `<module>.<verb>`, e.g. `rides.location`. */
  commands?: Record<string, CommandDefinition>
}

/**
 * What a module tells the platform about itself, like a Django AppConfig. The platform mounts its
 * routes under /api/<name>, loads its messages, and asks it for whatever hooks it provides.
 */
export interface ModuleManifest {
  name: string
  /** A Fastify plugin with the module's routes, mounted under /api/<name>. */
  routes?: (app: App, ctx: Ctx) => Promise<void>
  /** Localized messages (errors.<name>.* and anything else the module says). */
  messages?: MessageBundle
  /** Only the accounts module provides this: how a verified access token becomes an Actor. */
  resolveActor?: (ctx: Ctx) => ActorResolver
  /** Channel kinds and socket commands (the module's realtime.ts). */
  realtime?: (ctx: Ctx) => ModuleRealtime
  /** Background jobs (the module's jobs.ts). */
  jobs?: (ctx: Ctx) => JobDefinition<never>[]
  /** Scheduled firings of the module's jobs, like celery beat entries. */
  cron?: CronEntry[]
  /**
   * Releases what the module opened for this context (clients, caches), whatever roles the
   * process runs; ctx.close() calls it after the job workers stopped.
   */
  close?: (ctx: Ctx) => Promise<void>
}
