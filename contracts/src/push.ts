import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

/** The server's VAPID public key: the `applicationServerKey` a browser passes to pushManager.subscribe. */
export const VapidPublicKey = Type.Object({
  publicKey: Type.String({ description: 'Uncompressed P-256 public key, base64url without padding' }),
})
export type VapidPublicKey = Static<typeof VapidPublicKey>

export const PushProvider = Type.Union([Type.Literal('webpush'), Type.Literal('fcm')])
export type PushProvider = Static<typeof PushProvider>

const Base64Url = (bytes: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+={0,2}$', maxLength: 128, description: `${bytes}, base64url` })

/**
 * Registers the calling device for push notifications, replacing what it registered before. For
 * Web Push send the browser's `PushSubscription.toJSON()` as it is (`provider` defaults to
 * `webpush`); for Firebase Cloud Messaging send `{ provider: 'fcm', token }`.
 */
export const PushSubscriptionBody = Type.Object(
  {
    provider: Type.Optional(Type.Union([Type.Literal('webpush'), Type.Literal('fcm')], { default: 'webpush' })),
    endpoint: Type.Optional(
      Type.String({
        format: 'uri',
        pattern: '^https://',
        maxLength: 2048,
        description: 'Web Push: the https endpoint',
      }),
    ),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Optional(
      Type.Object(
        { p256dh: Base64Url('The 65-byte P-256 public key'), auth: Base64Url('The 16-byte auth secret') },
        { additionalProperties: false },
      ),
    ),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'FCM: the registration token' })),
  },
  { additionalProperties: false },
)
export type PushSubscriptionBody = Static<typeof PushSubscriptionBody>

/** The calling device's push registration. */
export const PushSubscription = Type.Object({
  id: Type.String({ format: 'uuid' }),
  provider: PushProvider,
  /** The device session it belongs to. */
  sessionId: Type.String({ format: 'uuid' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type PushSubscription = Static<typeof PushSubscription>

/**
 * What a device's service worker (or app) receives: the decrypted Web Push payload, or for FCM the
 * notification's title and body with `data` (string values) and `count`.
 */
export const PushPayload = Type.Object({
  title: Type.String(),
  body: Type.String(),
  /** How many changes this notification stands for (several within a few seconds become one). */
  count: Type.Integer({ minimum: 1 }),
  /** What the sending module attached to the latest change, e.g. `{ url, kind }`. */
  data: Type.Record(Type.String(), Type.Unknown()),
})
export type PushPayload = Static<typeof PushPayload>
