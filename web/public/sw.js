/* global self, URL */

/**
 * Madang's service worker: it shows the push notifications the server sends (one per kind of
 * change; a newer one replaces the older) and, on a click, brings the app to the notification's
 * page: an open window is focused and asked to navigate in place (see followNotificationClicks in
 * src/lib/push.ts), else a new window opens. It caches nothing: the app and its data always come
 * from the server.
 */

const ICON = '/icon-192.png'
const BADGE = '/icon-192.png'
const FALLBACK_TITLE = 'Madang'

self.addEventListener('install', () => {
  // A new version takes over at once; it keeps no caches that an old page could depend on.
  void self.skipWaiting()
})

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})

/** A path of this app for a URL the payload names; anything else (another origin, junk) is the start page. */
function appPath(url) {
  try {
    const target = new URL(typeof url === 'string' ? url : '/', self.location.origin)
    if (target.origin !== self.location.origin) return '/'
    return `${target.pathname}${target.search}${target.hash}`
  } catch {
    return '/'
  }
}

/** The PushPayload of @madang/contracts: { title, body, count, data: { kind, url } }. */
function readPayload(event) {
  if (!event.data) return {}
  try {
    const payload = event.data.json()
    return typeof payload === 'object' && payload !== null ? payload : {}
  } catch {
    return { body: event.data.text() }
  }
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event)
  const data = typeof payload.data === 'object' && payload.data !== null ? payload.data : {}
  const kind = typeof data.kind === 'string' ? data.kind : 'madang'
  const title = typeof payload.title === 'string' && payload.title !== '' ? payload.title : FALLBACK_TITLE
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof payload.body === 'string' ? payload.body : '',
      icon: ICON,
      badge: BADGE,
      tag: kind,
      renotify: true,
      data: { url: appPath(data.url), kind, count: typeof payload.count === 'number' ? payload.count : 1 },
    }),
  )
})

/** Shows `path` in a window of the app: the focused one, else any, else a new one. */
async function showInApp(path) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const ours = windows.filter((client) => {
    const url = new URL(client.url)
    // The API docs share the origin but are not the app.
    return url.origin === self.location.origin && !/^\/(api|docs)(\/|$)/.test(url.pathname)
  })
  const target =
    ours.find((client) => client.focused) ?? ours.find((client) => client.visibilityState === 'visible') ?? ours[0]
  if (target === undefined) {
    await self.clients.openWindow(path)
    return
  }
  // Focusing may be refused (no user activation); the page is shown anyway.
  await target.focus().catch(() => undefined)
  target.postMessage({ type: 'madang.notification_click', url: path })
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const done = showInApp(appPath(event.notification.data?.url))
  // Only a real click can keep the worker alive; a synthetic event (tests) just runs.
  if (event.isTrusted) event.waitUntil(done)
  else done.catch(() => undefined)
})
