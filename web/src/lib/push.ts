import type { VapidPublicKey } from '@madang/contracts'
import { ApiError, request } from './api.ts'
import { getSession } from './session.ts'

/**
 * Push notifications on this device (Web Push). The service worker (`public/sw.js`) shows what
 * the server pushes and, when a notification is clicked, focuses an open window of the app and
 * asks it to show the notification's page (see `followNotificationClicks`), or opens a new one.
 *
 * A registration belongs to the device session that made it (the server drops it at sign-out),
 * so this browser remembers which session registered and counts push as on only for that one.
 */

export type PushSupport = 'unsupported' | 'denied' | 'default' | 'granted'

export const SERVICE_WORKER_URL = '/sw.js'
const REGISTERED_SESSION_KEY = 'madang.push.session'

/** A failure on this side of push, with a stable code the UI localizes like the server's. */
function pushError(code: 'push.unsupported' | 'push.permission_denied' | 'push.subscribe_failed'): ApiError {
  return new ApiError(0, code, null)
}

function hasServiceWorker(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator
}

/** What this browser allows: no push at all, or the notification permission. */
export function pushSupport(): PushSupport {
  if (!hasServiceWorker() || typeof PushManager === 'undefined' || typeof Notification === 'undefined') {
    return 'unsupported'
  }
  return Notification.permission
}

/** Registers the service worker for the whole app; resolves null where there are none. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!hasServiceWorker()) return null
  return navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' })
}

async function currentSubscription(): Promise<PushSubscription | null> {
  if (!hasServiceWorker()) return null
  const registration = await navigator.serviceWorker.getRegistration('/')
  return (await registration?.pushManager.getSubscription()) ?? null
}

/** Whether this device receives push for the signed-in session. */
export async function isPushEnabled(): Promise<boolean> {
  if (pushSupport() !== 'granted') return false
  const sessionId = getSession()?.tokens.sessionId
  if (sessionId === undefined || localStorage.getItem(REGISTERED_SESSION_KEY) !== sessionId) return false
  return (await currentSubscription()) !== null
}

/** The VAPID public key (base64url) as the bytes `pushManager.subscribe` wants. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replaceAll('-', '+').replaceAll('_', '/')
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (a === null || a.byteLength !== b.length) return false
  const bytes = new Uint8Array(a)
  return bytes.every((byte, index) => byte === b[index])
}

/**
 * Asks for permission (when not given yet), subscribes this browser with the server's VAPID key
 * and registers the subscription for this device session. A subscription made with an older key
 * is replaced. Fails with push.unsupported, push.permission_denied or push.subscribe_failed, or
 * the server's error.
 */
export async function enablePush(): Promise<void> {
  if (pushSupport() === 'unsupported') throw pushError('push.unsupported')
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') throw pushError('push.permission_denied')
  await registerServiceWorker()
  const registration = await navigator.serviceWorker.ready
  const { publicKey } = await request<VapidPublicKey>('/api/push/vapid-public-key', { anonymous: true })
  const key = base64UrlToBytes(publicKey)
  let subscription = await registration.pushManager.getSubscription()
  if (subscription !== null && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe()
    subscription = null
  }
  if (subscription === null) {
    try {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
    } catch {
      // The browser's push service is unreachable or refused (no network, blocked, unsupported key).
      throw pushError('push.subscribe_failed')
    }
  }
  await request('/api/push/subscriptions', { method: 'POST', body: subscription.toJSON() })
  const sessionId = getSession()?.tokens.sessionId
  if (sessionId !== undefined) localStorage.setItem(REGISTERED_SESSION_KEY, sessionId)
}

/**
 * Stops push to this device: the server forgets the registration first (so a failure leaves
 * everything as it was), then the browser's subscription is dropped.
 */
export async function disablePush(): Promise<void> {
  try {
    await request('/api/push/subscriptions', { method: 'DELETE' })
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'push.subscription_not_found')) throw error
  }
  localStorage.removeItem(REGISTERED_SESSION_KEY)
  await (await currentSubscription())?.unsubscribe()
}

/** What the service worker posts to a window when one of the app's notifications is clicked. */
export interface NotificationClickMessage {
  type: 'madang.notification_click'
  /** A path of this app, e.g. `/planner/todos/<id>`. */
  url: string
}

function isNotificationClick(data: unknown): data is NotificationClickMessage {
  if (typeof data !== 'object' || data === null) return false
  const message = data as Partial<NotificationClickMessage>
  return message.type === 'madang.notification_click' && typeof message.url === 'string'
}

/**
 * Shows the page of a clicked notification in this window, without reloading it (changes waiting
 * to be sent live in its memory). Only paths of this app are followed. Returns the function that
 * stops listening.
 */
export function followNotificationClicks(navigate: (path: string) => void): () => void {
  if (!hasServiceWorker()) return () => {}
  const container = navigator.serviceWorker
  const onMessage = (event: MessageEvent<unknown>) => {
    if (!isNotificationClick(event.data)) return
    const target = new URL(event.data.url, window.location.origin)
    if (target.origin !== window.location.origin) return
    navigate(`${target.pathname}${target.search}${target.hash}`)
  }
  container.addEventListener('message', onMessage)
  container.startMessages()
  return () => container.removeEventListener('message', onMessage)
}
