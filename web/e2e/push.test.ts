import type { Category, PushPayload, Todo } from '@madang/contracts'
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPerson, screenshot, signUpThroughUi, startHarness, type Harness } from './harness.ts'

/**
 * The installable app and its service worker in a real browser. Headless Chromium has no push
 * service to subscribe at, so a push message is handed to the service worker the way the browser
 * does it, through the DevTools protocol (ServiceWorker.deliverPushMessage); what the server
 * sends is checked on the server side (planner/push.test.ts).
 */

interface ShownNotification {
  title: string
  body: string
  tag: string
  icon: string
  data: { url: string; kind: string; count: number }
}

/** What the functions evaluated in the service worker use of its global scope (not in the DOM typings). */
interface WorkerScope {
  registration: { getNotifications(filter?: { tag?: string }): Promise<Notification[]> }
  clients: object
  dispatchEvent(event: Event): boolean
  openedWindows: string[]
}
declare const NotificationEvent: new (type: string, init: { notification: Notification }) => Event

async function serviceWorkerOf(context: BrowserContext, page: Page): Promise<Worker> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  const [worker] = context.serviceWorkers()
  return worker ?? context.waitForEvent('serviceworker')
}

/** The registration id the DevTools protocol knows the app's service worker by. */
async function registrationIdOf(cdp: CDPSession, scopeUrl: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((registration) => registration.scopeURL === scopeUrl && !registration.isDeleted)
      if (ours !== undefined) resolve(ours.registrationId)
    })
  })
  await cdp.send('ServiceWorker.enable')
  return found
}

async function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    const notifications = await registration.getNotifications()
    return notifications.map((notification) => ({
      title: notification.title,
      body: notification.body,
      tag: notification.tag,
      icon: notification.icon,
      data: notification.data as { url: string; kind: string; count: number },
    }))
  })
}

/** Clicks the app's notification as the browser would report it: a notificationclick in the worker. */
async function clickNotification(worker: Worker, tag: string): Promise<void> {
  await worker.evaluate(async (wanted) => {
    const scope = self as unknown as WorkerScope
    const notifications = await scope.registration.getNotifications({ tag: wanted })
    const notification = notifications[0]
    if (notification === undefined) throw new Error(`no notification tagged ${wanted}`)
    scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }))
  }, tag)
}

describe('the installable app and its push notifications', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => harness?.close())

  it('serves a valid manifest with its icons and registers the service worker for the whole app', async () => {
    const manifestResponse = await fetch(`${harness.baseUrl}/manifest.webmanifest`)
    expect(manifestResponse.status).toBe(200)
    expect(manifestResponse.headers.get('content-type')).toContain('application/manifest+json')
    const manifest = (await manifestResponse.json()) as {
      name: string
      short_name: string
      start_url: string
      display: string
      theme_color: string
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>
    }
    expect(manifest).toMatchObject({
      short_name: 'Madang',
      start_url: '/planner',
      display: 'standalone',
      theme_color: '#2f6b4f',
    })
    expect(manifest.name).toContain('마당')
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, harness.baseUrl))
      expect(response.status, icon.src).toBe(200)
      expect(response.headers.get('content-type'), icon.src).toContain(icon.type)
      if (icon.type === 'image/png') {
        // A PNG's IHDR holds its width and height as big-endian integers at bytes 16-23.
        const bytes = new DataView(await response.arrayBuffer())
        expect(`${bytes.getUint32(16)}x${bytes.getUint32(20)}`, icon.src).toBe(icon.sizes)
      }
    }
    expect(manifest.icons.some((icon) => icon.sizes === '192x192')).toBe(true)
    expect(manifest.icons.some((icon) => icon.sizes === '512x512')).toBe(true)

    const context = await harness.newContext()
    const page = await context.newPage()
    await page.goto('/signin')
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest')
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready
      return { scope: ready.scope, script: ready.active?.scriptURL }
    })
    expect(registration).toEqual({ scope: `${harness.baseUrl}/`, script: `${harness.baseUrl}/sw.js` })
    const worker = await fetch(`${harness.baseUrl}/sw.js`)
    expect(worker.headers.get('content-type')).toContain('javascript')
    expect(worker.headers.get('cache-control')).toBe('no-cache')
  })

  it("shows a pushed change as a notification and a click opens the todo's page in the open window", async () => {
    const context = await harness.newContext()
    await context.grantPermissions(['notifications'], { origin: harness.baseUrl })
    const page = await context.newPage()
    await signUpThroughUi(page, newPerson('push'))
    const token = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('madang.session') ?? 'null') as { tokens: { accessToken: string } }).tokens
          .accessToken,
    )
    const category = await harness.server.http<Category>('POST', '/api/planner/categories', {
      token,
      body: { title: 'Home' },
    })
    const todo = await harness.server.http<Todo>('POST', '/api/planner/todos', {
      token,
      body: { categoryId: category.body.id, content: 'Fix the gate', date: null },
    })
    expect(todo.status).toBe(201)

    const worker = await serviceWorkerOf(context, page)
    const cdp = await context.newCDPSession(page)
    const registrationId = await registrationIdOf(cdp, `${harness.baseUrl}/`)
    const payload: PushPayload = {
      title: 'Planner',
      body: 'Your planner changed on another device.',
      count: 2,
      data: { kind: 'planner.todo_updated', url: `/planner/todos/${todo.body.id}` },
    }
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: harness.baseUrl,
      registrationId,
      data: JSON.stringify(payload),
    })
    await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 10_000 }).toBe(1)
    const [shown] = await shownNotifications(page)
    expect(shown).toMatchObject({
      title: 'Planner',
      body: 'Your planner changed on another device.',
      tag: 'planner.todo_updated',
      data: { url: `/planner/todos/${todo.body.id}`, kind: 'planner.todo_updated', count: 2 },
    })
    expect(shown?.icon).toBe(`${harness.baseUrl}/icon-192.png`)

    // A newer push of the same kind replaces the notification instead of stacking up.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: harness.baseUrl,
      registrationId,
      data: JSON.stringify({ ...payload, body: 'Newer', count: 1 }),
    })
    await expect.poll(async () => (await shownNotifications(page)).map((n) => n.body)).toEqual(['Newer'])

    await page.evaluate(() => {
      ;(window as unknown as { loadedAt: string }).loadedAt = 'first load'
    })
    await clickNotification(worker, 'planner.todo_updated')
    await page.waitForURL(`**/planner/todos/${todo.body.id}`)
    await page.getByTestId('todo-sheet').waitFor()
    await expect.poll(() => page.getByTestId('todo-sheet').textContent()).toContain('Fix the gate')
    // Shown in place: the page was not reloaded (changes waiting to be sent would survive).
    expect(await page.evaluate(() => (window as unknown as { loadedAt?: string }).loadedAt)).toBe('first load')
    expect(await shownNotifications(page)).toEqual([])
    await screenshot(page, 'push-opened-todo')
  })

  it('opens a new window when the app is not open, and never a page of another site', async () => {
    const context = await harness.newContext()
    await context.grantPermissions(['notifications'], { origin: harness.baseUrl })
    const page = await context.newPage()
    await signUpThroughUi(page, newPerson('pushcold'))
    const worker = await serviceWorkerOf(context, page)
    const cdp = await context.newCDPSession(page)
    const registrationId = await registrationIdOf(cdp, `${harness.baseUrl}/`)
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: harness.baseUrl,
      registrationId,
      data: JSON.stringify({
        title: 'Feedback',
        body: 'Someone answered.',
        count: 1,
        data: { kind: 'feedback.replied', url: 'https://elsewhere.example.com/phish' },
      } satisfies PushPayload),
    })
    // The worker shows it on its own time; on a busy machine that can take more than the default second.
    await expect
      .poll(async () => (await shownNotifications(page)).map((n) => n.data.url), { timeout: 10_000 })
      .toEqual(['/'])

    await page.close()
    // Only a click on a real notification may open a window, and headless Chromium has none to
    // click: record what the worker asks the browser to open instead.
    await worker.evaluate(() => {
      const scope = self as unknown as WorkerScope
      scope.openedWindows = []
      Object.defineProperty(scope.clients, 'openWindow', {
        value: async (url: string) => {
          scope.openedWindows.push(url)
          return null
        },
      })
    })
    await clickNotification(worker, 'feedback.replied')
    await expect.poll(() => worker.evaluate(() => (self as unknown as WorkerScope).openedWindows)).toEqual(['/'])
    expect(context.pages()).toEqual([])
  })
})
