import { importPKCS8, SignJWT } from 'jose'
import type { FcmConfig } from '../../config/index.ts'
import type { Clock } from '../../core/clock.ts'
import type { Notification } from './compose.ts'
import { PushServiceError, type Delivery, type PushTransport, type SendOptions } from './transport.ts'

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'
const REQUEST_TIMEOUT_MS = 15_000
/** An access token is replaced this long before it expires. */
const TOKEN_MARGIN_MS = 60_000

/**
 * Firebase Cloud Messaging over the HTTP v1 API. It authenticates as the service account: a JWT
 * signed with the account's key (RS256) is exchanged at its token_uri for an OAuth access token,
 * which is kept until shortly before it expires.
 */
export function createFcmTransport(config: FcmConfig, clock: Clock): PushTransport {
  let signingKey: ReturnType<typeof importPKCS8> | null = null
  let cached: { token: string; expiresAt: number } | null = null
  let minting: Promise<string> | null = null

  /** The current access token; deliveries running at once share one request for a new one. */
  function accessToken(): Promise<string> {
    if (cached !== null && cached.expiresAt - TOKEN_MARGIN_MS > clock.now().getTime()) {
      return Promise.resolve(cached.token)
    }
    minting ??= mintAccessToken().finally(() => {
      minting = null
    })
    return minting
  }

  async function mintAccessToken(): Promise<string> {
    const now = clock.now().getTime()
    signingKey ??= importPKCS8(config.privateKey, 'RS256')
    const issuedAt = Math.floor(now / 1000)
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(config.clientEmail)
      .setAudience(config.tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(await signingKey)
    const response = await fetch(config.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    if (!response.ok) throw new PushServiceError('FCM token endpoint', response.status, await response.text())
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown }
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error('FCM token endpoint answered without access_token and expires_in')
    }
    cached = { token: body.access_token, expiresAt: now + body.expires_in * 1000 }
    return cached.token
  }

  return {
    async send(subscription, notification, options): Promise<Delivery> {
      const token = await accessToken()
      const response = await fetch(
        `${config.apiUrl}/v1/projects/${encodeURIComponent(config.projectId)}/messages:send`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ message: fcmMessage(subscription.endpoint, notification, options) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        },
      )
      if (response.ok) return 'delivered'
      const text = await response.text()
      if (response.status === 410 || (response.status === 404 && isUnregistered(text))) return 'gone'
      // A revoked or expired access token: mint a new one on the retry.
      if (response.status === 401) cached = null
      throw new PushServiceError('FCM', response.status, text)
    },
  }
}

/**
 * FCM says UNREGISTERED (HTTP 404) for a token that is gone. A 404 without it is something else,
 * e.g. a wrong project id, and must not wipe every subscription.
 */
function isUnregistered(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: { details?: Array<{ errorCode?: unknown }> } }
    return parsed.error?.details?.some((d) => d.errorCode === 'UNREGISTERED') ?? false
  } catch {
    return false
  }
}

/** The v1 `Message`: a visible notification, and `data` as strings (FCM allows nothing else there). */
export function fcmMessage(token: string, notification: Notification, options: SendOptions) {
  const { title, body, count, data } = notification.payload
  const strings: Record<string, string> = { count: String(count) }
  for (const [key, value] of Object.entries(data)) {
    strings[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  const isHigh = notification.urgency === 'high'
  return {
    token,
    notification: { title, body },
    data: strings,
    android: { priority: isHigh ? 'HIGH' : 'NORMAL', ttl: `${options.ttlSeconds}s`, collapse_key: options.topic },
    apns: { headers: { 'apns-priority': isHigh ? '10' : '5', 'apns-collapse-id': options.topic } },
  }
}
