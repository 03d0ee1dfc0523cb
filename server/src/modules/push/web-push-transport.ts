import https from 'node:https'
import tls from 'node:tls'
import webPush from 'web-push'
import { PushServiceError, type Delivery, type PushTransport } from './transport.ts'
import type { VapidKeyPair } from './tables.ts'

const REQUEST_TIMEOUT_MS = 15_000

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm-encrypted payload (RFC 8291), through
 * the web-push library. `caCertificates` adds trusted CAs for push services behind a private CA.
 */
export function createWebPushTransport(options: {
  keys: () => Promise<VapidKeyPair>
  subject: string
  caCertificates: string | null
}): PushTransport {
  const agent =
    options.caCertificates === null
      ? undefined
      : new https.Agent({ ca: [...tls.rootCertificates, options.caCertificates] })
  return {
    async send(subscription, notification, { ttlSeconds, topic }): Promise<Delivery> {
      if (subscription.p256dh === null || subscription.auth === null) {
        throw new Error(`web push subscription ${subscription.id} has no keys`)
      }
      const keys = await options.keys()
      try {
        await webPush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          JSON.stringify(notification.payload),
          {
            vapidDetails: { subject: options.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
            contentEncoding: 'aes128gcm',
            TTL: ttlSeconds,
            urgency: notification.urgency,
            topic,
            timeout: REQUEST_TIMEOUT_MS,
            ...(agent !== undefined && { agent }),
          },
        )
        return 'delivered'
      } catch (error) {
        if (!(error instanceof webPush.WebPushError)) throw error
        if (error.statusCode === 404 || error.statusCode === 410) return 'gone'
        throw new PushServiceError('push service', error.statusCode, error.body)
      }
    },
  }
}
