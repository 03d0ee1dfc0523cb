import type { Notification } from './compose.ts'
import type { SubscriptionRow } from './tables.ts'

/** What became of one push: accepted by the push service, or the subscription is gone for good. */
export type Delivery = 'delivered' | 'gone'

export interface SendOptions {
  /** How long the push service keeps the message for an offline device. */
  ttlSeconds: number
  /** Messages with the same topic replace each other while undelivered (a retried job's resend). */
  topic: string
}

/**
 * One push provider. `send` resolves 'gone' when the service says the subscription no longer
 * exists (404/410) and throws on any other failure, so the job retries.
 */
export interface PushTransport {
  send(subscription: SubscriptionRow, notification: Notification, options: SendOptions): Promise<Delivery>
}

/** A push service's refusal other than "gone". The message never carries the endpoint (a capability URL). */
export class PushServiceError extends Error {
  readonly status: number
  constructor(provider: string, status: number, body: string) {
    super(`${provider} answered ${status}${body === '' ? '' : `: ${body.slice(0, 200)}`}`)
    this.name = 'PushServiceError'
    this.status = status
  }
}
