import type { Tokens } from '@madang/contracts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './api.ts'
import {
  base64UrlToBytes,
  disablePush,
  enablePush,
  followNotificationClicks,
  isPushEnabled,
  pushSupport,
} from './push.ts'
import { setSession } from './session.ts'
import { testUser } from '../test/fixtures.ts'

// 65 bytes, like a real uncompressed P-256 key: 0x04 then 64 bytes.
const KEY_BYTES = Uint8Array.from({ length: 65 }, (_, index) => (index === 0 ? 4 : (index * 37) % 256))
const PUBLIC_KEY = btoa(String.fromCharCode(...KEY_BYTES))
  .replaceAll('+', '-')
  .replaceAll('/', '_')
  .replaceAll('=', '')

const user = testUser()

function signIn(sessionId: string): void {
  const tokens: Tokens = {
    tokenType: 'Bearer',
    accessToken: 'access',
    accessTokenExpiresAt: new Date(Date.now() + 600_000).toISOString(),
    refreshToken: 'refresh',
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    sessionId,
  }
  setSession({ user, tokens })
}

/** The browser's push subscription as the fake push manager hands it out. */
class FakeSubscription {
  isActive = true
  readonly endpoint: string
  readonly options: { applicationServerKey: ArrayBuffer | null; userVisibleOnly: boolean }

  constructor(endpoint: string, options: FakeSubscription['options']) {
    this.endpoint = endpoint
    this.options = options
  }

  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'BPk', auth: 'c2VjcmV0' } }
  }

  async unsubscribe(): Promise<boolean> {
    this.isActive = false
    browser.subscription = null
    return true
  }
}

/** The parts of a browser that push uses, in one place the tests can inspect. */
const browser = {
  permission: 'default' as NotificationPermission,
  answer: 'granted' as NotificationPermission,
  registered: [] as Array<{ url: string; scope: string | undefined }>,
  subscription: null as FakeSubscription | null,
  subscribeFails: false,
  subscribedWith: [] as Array<{ userVisibleOnly: boolean; applicationServerKey: Uint8Array }>,
  messages: new EventTarget(),
  calls: [] as Array<{ method: string; path: string; body: unknown }>,
  deleteStatus: 204,
}

const pushManager = {
  getSubscription: async () => browser.subscription,
  subscribe: async (options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
    if (browser.subscribeFails) throw new DOMException('Registration failed - push service error', 'AbortError')
    browser.subscribedWith.push(options)
    const key = options.applicationServerKey
    browser.subscription = new FakeSubscription(`https://push.example.com/${browser.subscribedWith.length}`, {
      applicationServerKey: key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) as ArrayBuffer,
      userVisibleOnly: options.userVisibleOnly,
    })
    return browser.subscription
  },
}

function installBrowser(): void {
  const registration = { pushManager }
  vi.stubGlobal('PushManager', class {})
  vi.stubGlobal('Notification', {
    get permission() {
      return browser.permission
    },
    requestPermission: async () => {
      if (browser.permission === 'default') browser.permission = browser.answer
      return browser.permission
    },
  })
  const serviceWorker = {
    register: async (url: string, options?: { scope?: string }) => {
      browser.registered.push({ url, scope: options?.scope })
      return registration
    },
    ready: Promise.resolve(registration),
    getRegistration: async () => (browser.registered.length > 0 ? registration : undefined),
    addEventListener: (type: string, listener: EventListener) => browser.messages.addEventListener(type, listener),
    removeEventListener: (type: string, listener: EventListener) =>
      browser.messages.removeEventListener(type, listener),
    startMessages: () => {},
  }
  Object.defineProperty(navigator, 'serviceWorker', { value: serviceWorker, configurable: true })
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const method = init.method ?? 'GET'
    browser.calls.push({
      method,
      path: url.pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
    })
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    if (url.pathname === '/api/push/vapid-public-key') return json(200, { publicKey: PUBLIC_KEY })
    if (url.pathname === '/api/push/subscriptions' && method === 'POST') return json(201, { id: 'sub' })
    if (url.pathname === '/api/push/subscriptions' && method === 'DELETE') {
      if (browser.deleteStatus === 204) return new Response(null, { status: 204 })
      return new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'x',
          status: browser.deleteStatus,
          detail: 'x',
          code: browser.deleteStatus === 404 ? 'push.subscription_not_found' : 'http.internal',
          requestId: 'r',
        }),
        { status: browser.deleteStatus, headers: { 'content-type': 'application/problem+json' } },
      )
    }
    return json(404, {})
  })
}

beforeEach(() => {
  Object.assign(browser, {
    permission: 'default',
    answer: 'granted',
    registered: [],
    subscription: null,
    subscribeFails: false,
    subscribedWith: [],
    messages: new EventTarget(),
    calls: [],
    deleteStatus: 204,
  })
  installBrowser()
  signIn('00000000-0000-4000-8000-0000000000a1')
})
afterEach(() => {
  vi.unstubAllGlobals()
  Reflect.deleteProperty(navigator, 'serviceWorker')
  setSession(null)
})

describe('pushSupport', () => {
  it('is the notification permission where push exists', () => {
    expect(pushSupport()).toBe('default')
    browser.permission = 'denied'
    expect(pushSupport()).toBe('denied')
  })

  it('is unsupported without service workers or a push manager', () => {
    Reflect.deleteProperty(navigator, 'serviceWorker')
    expect(pushSupport()).toBe('unsupported')
    installBrowser()
    vi.stubGlobal('PushManager', undefined)
    expect(pushSupport()).toBe('unsupported')
  })
})

describe('enablePush', () => {
  it('asks, registers the worker, subscribes with the VAPID key and registers the subscription', async () => {
    expect(await isPushEnabled()).toBe(false)
    await enablePush()
    expect(browser.registered).toEqual([{ url: '/sw.js', scope: '/' }])
    expect(browser.subscribedWith).toHaveLength(1)
    expect(browser.subscribedWith[0]?.userVisibleOnly).toBe(true)
    expect([...(browser.subscribedWith[0]?.applicationServerKey ?? [])]).toEqual([...KEY_BYTES])
    expect(browser.calls.filter((call) => call.path === '/api/push/subscriptions')).toEqual([
      {
        method: 'POST',
        path: '/api/push/subscriptions',
        body: {
          endpoint: 'https://push.example.com/1',
          expirationTime: null,
          keys: { p256dh: 'BPk', auth: 'c2VjcmV0' },
        },
      },
    ])
    expect(await isPushEnabled()).toBe(true)
  })

  it('fails with push.permission_denied and subscribes nothing when the user says no', async () => {
    browser.answer = 'denied'
    const error = await enablePush().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'push.permission_denied' })
    expect(browser.subscribedWith).toHaveLength(0)
    expect(browser.calls).toHaveLength(0)
  })

  it("fails with push.subscribe_failed when the browser's push service refuses", async () => {
    browser.subscribeFails = true
    await expect(enablePush()).rejects.toMatchObject({ code: 'push.subscribe_failed' })
    expect(browser.calls.some((call) => call.method === 'POST')).toBe(false)
    expect(await isPushEnabled()).toBe(false)
  })

  it('replaces a subscription made with another VAPID key', async () => {
    browser.registered.push({ url: '/sw.js', scope: '/' })
    const old = new FakeSubscription('https://push.example.com/old', {
      applicationServerKey: new Uint8Array(65).fill(9).buffer,
      userVisibleOnly: true,
    })
    browser.subscription = old
    await enablePush()
    expect(old.isActive).toBe(false)
    expect(browser.subscription?.endpoint).toBe('https://push.example.com/1')
  })

  it('keeps a subscription made with the same key and registers it again', async () => {
    await enablePush()
    const first = browser.subscription
    await enablePush()
    expect(browser.subscription).toBe(first)
    expect(browser.subscribedWith).toHaveLength(1)
    expect(browser.calls.filter((call) => call.method === 'POST')).toHaveLength(2)
  })

  it('counts as off for another session signed in on this browser', async () => {
    browser.permission = 'granted'
    await enablePush()
    signIn('00000000-0000-4000-8000-0000000000b2')
    expect(await isPushEnabled()).toBe(false)
  })
})

describe('disablePush', () => {
  it('tells the server, then drops the subscription', async () => {
    await enablePush()
    const subscription = browser.subscription
    await disablePush()
    expect(browser.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/push/subscriptions' })
    expect(subscription?.isActive).toBe(false)
    expect(await isPushEnabled()).toBe(false)
  })

  it('treats a registration the server no longer has as off', async () => {
    await enablePush()
    browser.deleteStatus = 404
    await disablePush()
    expect(await isPushEnabled()).toBe(false)
  })

  it('keeps everything when the server cannot be told', async () => {
    await enablePush()
    browser.deleteStatus = 500
    await expect(disablePush()).rejects.toMatchObject({ code: 'http.internal' })
    expect(browser.subscription?.isActive).toBe(true)
    expect(await isPushEnabled()).toBe(true)
  })
})

describe('base64UrlToBytes', () => {
  it('decodes unpadded base64url', () => {
    expect([...base64UrlToBytes('-_8')]).toEqual([0xfb, 0xff])
    expect([...base64UrlToBytes(PUBLIC_KEY)]).toEqual([...KEY_BYTES])
  })
})

describe('followNotificationClicks', () => {
  function post(data: unknown): void {
    const event = new MessageEvent('message', { data })
    browser.messages.dispatchEvent(event)
  }

  it("navigates to a clicked notification's page of this app, and nowhere else", () => {
    const navigate = vi.fn()
    const stop = followNotificationClicks(navigate)
    post({ type: 'madang.notification_click', url: '/planner/todos/42?x=1' })
    post({ type: 'madang.notification_click', url: 'https://evil.example.com/planner' })
    post({ type: 'something_else', url: '/settings' })
    post('junk')
    stop()
    post({ type: 'madang.notification_click', url: '/planner' })
    expect(navigate.mock.calls).toEqual([['/planner/todos/42?x=1']])
  })
})
