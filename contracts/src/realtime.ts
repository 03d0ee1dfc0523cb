import { Type, type Static } from 'typebox'

/**
 * The WebSocket protocol at /ws. Frames are JSON objects with a `type`. Every client frame may carry
 * a `ref` that the server echoes in its reply (`subscribed`, `unsubscribed`, `error`, `pong`,
 * `refreshed`), so a client can match answers to requests.
 */

/** Subprotocol a client offers; the access token may ride along as a second one: `bearer.<token>`. */
export const REALTIME_SUBPROTOCOL = 'madang.v1'
export const REALTIME_TOKEN_PROTOCOL_PREFIX = 'bearer.'

const Ref = Type.Optional(Type.String({ maxLength: 64 }))
const ChannelName = Type.String({ minLength: 1, maxLength: 200 })

/** A position in a channel's stream: offsets are only comparable within one epoch. */
export const StreamPosition = Type.Object({
  offset: Type.Integer({ minimum: 0 }),
  epoch: Type.String({ maxLength: 64 }),
})
export type StreamPosition = Static<typeof StreamPosition>

export const SubscribeFrame = Type.Object(
  { type: Type.Literal('subscribe'), ref: Ref, channel: ChannelName, since: Type.Optional(StreamPosition) },
  { additionalProperties: false },
)
export const UnsubscribeFrame = Type.Object(
  { type: Type.Literal('unsubscribe'), ref: Ref, channel: ChannelName },
  { additionalProperties: false },
)
export const RefreshFrame = Type.Object(
  { type: Type.Literal('refresh'), ref: Ref, token: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
)
export const PingFrame = Type.Object({ type: Type.Literal('ping'), ref: Ref }, { additionalProperties: false })

export type SubscribeFrame = Static<typeof SubscribeFrame>
export type UnsubscribeFrame = Static<typeof UnsubscribeFrame>
export type RefreshFrame = Static<typeof RefreshFrame>
export type PingFrame = Static<typeof PingFrame>
export type CoreClientFrame = SubscribeFrame | UnsubscribeFrame | RefreshFrame | PingFrame

/** Module commands look like `{ type: 'rides.location', ref?, ...fields }`. */
export interface CommandFrame {
  type: `${string}.${string}`
  ref?: string
  [field: string]: unknown
}

export interface SubscribedFrame {
  type: 'subscribed'
  ref?: string
  channel: string
  /** The channel's current position; pass it back as `since` when resubscribing. */
  offset: number
  epoch: string
  /** True when every event after `since` was replayed (or nothing was missed); false means refetch over REST. */
  recovered: boolean
}
/**
 * The answer to an `unsubscribe`, or the server ending a subscription by itself (no `ref`): then
 * `code` says why (`realtime.forbidden`: the user lost access, e.g. a driver withdrew from the
 * trip) and the client should not subscribe again.
 */
export interface UnsubscribedFrame {
  type: 'unsubscribed'
  ref?: string
  channel: string
  code?: string
  message?: string
}
export interface EventFrame<T = unknown> {
  type: 'event'
  channel: string
  offset: number
  epoch: string
  /** The event's own type, e.g. `planner.todo_updated`. */
  event: string
  data: T
}
export interface ErrorFrame {
  type: 'error'
  ref?: string
  code: string
  message: string
}
export interface PongFrame {
  type: 'pong'
  ref?: string
}
/** The server asks for a fresh access token (send a `refresh` frame) before `deadline`. */
export interface RefreshRequiredFrame {
  type: 'refresh_required'
  deadline: string
}
export interface RefreshedFrame {
  type: 'refreshed'
  ref?: string
  expiresAt: string
}
/** Sent once the socket is authenticated. */
export interface WelcomeFrame {
  type: 'welcome'
  userId: string
  sessionId: string
  /** The user's own channel, joined automatically. */
  channel: string
}
export interface CommandResultFrame {
  type: 'result'
  ref?: string
  data: unknown
}

export type ServerFrame =
  | WelcomeFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | EventFrame
  | ErrorFrame
  | PongFrame
  | RefreshRequiredFrame
  | RefreshedFrame
  | CommandResultFrame

/** Close codes the server uses; the close reason carries the stable error code. */
export const CLOSE_CODES = {
  messageTooBig: 1009,
  badRequest: 4400,
  unauthorized: 4401,
  forbiddenOrigin: 4403,
  authTimeout: 4408,
  sessionRevoked: 4409,
  tokenExpired: 4419,
  rateLimited: 4429,
  slowConsumer: 4503,
} as const

export const REALTIME_ERROR_CODES = [
  'realtime.invalid_json',
  'realtime.invalid_frame',
  'realtime.unknown_type',
  'realtime.invalid_channel',
  'realtime.forbidden',
  'realtime.not_subscribed',
  'realtime.rate_limited',
  'realtime.not_authenticated',
  'realtime.already_authenticated',
] as const
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number]
