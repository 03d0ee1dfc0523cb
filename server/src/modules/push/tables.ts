import { sql } from 'drizzle-orm'
import { check, index, jsonb, pgSchema, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const push = pgSchema('push')

export const PROVIDERS = ['webpush', 'fcm'] as const
export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const
export type Urgency = (typeof URGENCIES)[number]

/**
 * The VAPID key pair generated when none is configured: a single row, so every process (api,
 * workers) signs with the key that browsers subscribed with.
 */
export const vapidKeys = push.table(
  'vapid_keys',
  {
    id: smallint('id').primaryKey().default(1),
    publicKey: text('public_key').notNull(),
    privateKey: text('private_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('vapid_keys_single_row', sql`${t.id} = 1`)],
)

/**
 * Where to push for one device session: at most one per session, and an endpoint (or FCM token)
 * belongs to one session only. No foreign key to accounts.sessions: sessions are revoked, not
 * deleted, so delivery checks liveness through the accounts module and drops dead ones.
 */
export const subscriptions = push.table(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull(),
    userId: uuid('user_id').notNull(),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    /** The Web Push endpoint URL, or the FCM registration token. */
    endpoint: text('endpoint').notNull(),
    /** Web Push only: the browser's P-256 public key and auth secret, base64url. */
    p256dh: text('p256dh'),
    auth: text('auth'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscriptions_session_id_key').on(t.sessionId),
    uniqueIndex('subscriptions_endpoint_key').on(t.endpoint),
    index('subscriptions_user_id_idx').on(t.userId),
  ],
)

/**
 * Notifications waiting for their device's delivery job. The job claims every waiting row of its
 * device (so changes made within the coalescing window go out as one notification), sends, and
 * deletes what it claimed; a retried job sends the same rows again and nothing else.
 */
export const outbox = push.table(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** i18n key of a `{ title, body }` pair, e.g. `planner.push.changed`. */
    messageKey: text('message_key').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('normal'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The delivery job that claimed the row. */
    jobId: uuid('job_id'),
  },
  (t) => [index('outbox_session_id_idx').on(t.sessionId, t.createdAt)],
)

export type SubscriptionRow = typeof subscriptions.$inferSelect
export type OutboxRow = typeof outbox.$inferSelect
export type VapidKeyPair = Pick<typeof vapidKeys.$inferSelect, 'publicKey' | 'privateKey'>
