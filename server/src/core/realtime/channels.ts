import type { Actor } from '../auth/actor.ts'

/**
 * Channel names: `user:<uuid>` (each user's own; every socket of the user joins it) and
 * `<module>:<entity>:<id>` (e.g. `rides:trip:<id>`). A channel's kind is `user` or
 * `<module>:<entity>`, and each kind has one authorizer, registered by the module that owns it.
 */
export interface ParsedChannel {
  kind: string
  id: string
}

/** Decides whether an actor may subscribe to the channel `<kind>:<id>`. */
export type ChannelAuthorizer = (actor: Actor, id: string) => Promise<boolean>

const USER_CHANNEL = /^user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/
const MODULE_CHANNEL = /^([a-z][a-z0-9_]{0,31}):([a-z][a-z0-9_]{0,31}):([A-Za-z0-9_-]{1,100})$/

export function parseChannel(name: string): ParsedChannel | null {
  const user = USER_CHANNEL.exec(name)
  if (user?.[1] !== undefined) return { kind: 'user', id: user[1] }
  const match = MODULE_CHANNEL.exec(name)
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return null
  return { kind: `${match[1]}:${match[2]}`, id: match[3] }
}

/**
 * Event on a user channel asking that user's sockets to check again whether they may stay on
 * `data.channel` (published by `Realtime.revalidate`). The gateway acts on it; clients never see it.
 */
export const ACCESS_CHANGED_EVENT = 'realtime.access_changed'

export function userChannel(userId: string): string {
  return `user:${userId}`
}

/** The built-in authorizer: a user channel is visible to that user only. */
export const authorizeUserChannel: ChannelAuthorizer = async (actor, id) => actor.userId === id
