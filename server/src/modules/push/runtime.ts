import type { Ctx } from '../../ctx.ts'
import { createFcmTransport } from './fcm-transport.ts'
import type { SubscriptionRow, VapidKeyPair } from './tables.ts'
import type { PushTransport } from './transport.ts'
import { loadOrCreateVapidKeys } from './vapid.ts'
import { createWebPushTransport } from './web-push-transport.ts'

/** What the push module keeps per context: the VAPID key pair once loaded, and one transport per provider. */
export interface PushRuntime {
  /** The configured pair, else the one in the database (generated on first use). */
  vapidKeys(): Promise<VapidKeyPair>
  transports: Record<SubscriptionRow['provider'], PushTransport | null>
}

const runtimes = new WeakMap<Ctx, PushRuntime>()

/** The push runtime of `ctx`, built on first use (ctx has no push service of its own). */
export function pushRuntime(ctx: Ctx): PushRuntime {
  let runtime = runtimes.get(ctx)
  if (runtime === undefined) {
    runtime = createRuntime(ctx)
    runtimes.set(ctx, runtime)
  }
  return runtime
}

function createRuntime(ctx: Ctx): PushRuntime {
  const config = ctx.config.push
  let stored: Promise<VapidKeyPair> | null = null
  const vapidKeys = async (): Promise<VapidKeyPair> => {
    if (config.vapidKeys !== null) return config.vapidKeys
    // Kept once it succeeds; a failure (database down) is tried again on the next call.
    stored ??= loadOrCreateVapidKeys(ctx.db).catch((error: unknown) => {
      stored = null
      throw error
    })
    return stored
  }
  return {
    vapidKeys,
    transports: {
      webpush: createWebPushTransport({
        keys: vapidKeys,
        subject: config.vapidSubject,
        caCertificates: config.caCertificates,
      }),
      fcm: config.fcm === null ? null : createFcmTransport(config.fcm, ctx.clock),
    },
  }
}
