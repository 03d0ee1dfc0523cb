import { randomUUID } from 'node:crypto'
import type { AuthResult, Problem, PushSubscription, Tokens, VapidPublicKey } from '@madang/contracts'
import webPush from 'web-push'
import { BROWSER_PUSH_HOSTS } from '../../config/index.ts'
import { isAllowedPushHost } from './service.ts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../core/db/index.ts'
import { createTestDatabase } from '../../test/database.ts'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { DELIVER_JOB, notifyOtherDevices, type PushNotice } from './index.ts'
import { claimOutbox, findSubscriptionOfSession, findVapidKeys } from './repository.ts'
import { untilPushDeliveriesSettled } from '../../test/push.ts'
import { startWebPushService, type TestPushDevice, type TestWebPushService } from '../../test/web-push-service.ts'

let service: TestWebPushService
const servers: TestServer[] = []
const databases: Database[] = []
beforeAll(async () => {
  service = await startWebPushService()
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await Promise.all(databases.splice(0).map((d) => d.close()))
})
afterAll(async () => service?.close())

const EN_TEST = {
  title: 'Notifications are on',
  body: 'This device will be told when something changes on your other devices.',
}

async function setUp(env: Record<string, string> = {}, options: { database?: Database } = {}) {
  const server = await startTestServer({
    database: options.database,
    env: {
      JOBS_POLL_INTERVAL_SECONDS: '1',
      PUSH_COALESCE_SECONDS: '1',
      PUSH_RETRY_DELAY_SECONDS: '1',
      PUSH_CA_FILE: service.caFile,
      PUSH_ALLOWED_HOSTS: '127.0.0.1',
      ...env,
    },
  })
  servers.push(server)
  await server.ctx.jobs.startWorkers()
  return server
}

interface Device {
  tokens: Tokens
  push: TestPushDevice
}

/** A tuple of `N` devices, so a test can name each one. */
type Devices<N extends number, D extends Device[] = []> = D['length'] extends N ? D : Devices<N, [...D, Device]>

/** A user signed in on several devices, each subscribed at its own endpoint of the local push service. */
async function userWithDevices<N extends 1 | 2 | 3>(server: TestServer, count: N, locale: 'ko' | 'en' = 'en') {
  const input = newUserInput({ locale })
  const signUp = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(signUp.status).toBe(201)
  const sessions = [signUp.body.tokens]
  while (sessions.length < count) {
    const signIn = await server.http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password },
    })
    sessions.push(signIn.body.tokens)
  }
  const devices: Device[] = []
  for (const tokens of sessions) {
    const push = service.newDevice()
    const res = await server.http('POST', '/api/push/subscriptions', {
      token: tokens.accessToken,
      body: push.subscription,
    })
    expect(res.status).toBe(201)
    devices.push({ tokens, push })
  }
  return { user: signUp.body.user, devices: devices as Devices<N> }
}

function notify(server: TestServer, notice: PushNotice) {
  return server.ctx.transaction((tx) => notifyOtherDevices(server.ctx, tx, notice))
}

function receivedBy(device: Device) {
  return service.received.filter((r) => r.deviceId === device.push.id)
}

async function deliverJobCount(server: TestServer): Promise<number> {
  const { counts } = await server.ctx.jobs.overview()
  return counts.filter((c) => c.jobName === DELIVER_JOB).reduce((sum, c) => sum + c.count, 0)
}

describe('GET /api/push/vapid-public-key', () => {
  it('generates a key pair once, keeps it in the database and serves the same key after a restart', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    const first = await setUp({}, { database })
    const served = await first.http<VapidPublicKey>('GET', '/api/push/vapid-public-key')
    expect(served.status).toBe(200)
    expect(Buffer.from(served.body.publicKey, 'base64url')).toHaveLength(65)
    expect((await findVapidKeys(database.db))?.publicKey).toBe(served.body.publicKey)
    await servers.splice(servers.indexOf(first), 1)[0]?.close()

    const second = await setUp({}, { database })
    const again = await second.http<VapidPublicKey>('GET', '/api/push/vapid-public-key')
    expect(again.body.publicKey).toBe(served.body.publicKey)

    const { user, devices } = await userWithDevices(second, 2)
    await notify(second, {
      userId: user.id,
      exceptSessionId: devices[0].tokens.sessionId,
      message: { key: 'push.test' },
    })
    await untilPushDeliveriesSettled(second)
    expect(receivedBy(devices[1]).map((r) => r.vapid.publicKey)).toEqual([served.body.publicKey])
  })

  it('gives two processes that start together over a fresh database the same key', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    const [a, b] = await Promise.all([setUp({}, { database }), setUp({}, { database })])
    const keys = await Promise.all(
      [a, b].map(async (s) => (await s.http<VapidPublicKey>('GET', '/api/push/vapid-public-key')).body.publicKey),
    )
    expect(keys[0]).toBe(keys[1])
  })

  it('serves the configured key and stores none when VAPID keys are set', async () => {
    const keys = webPush.generateVAPIDKeys()
    const server = await setUp({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey })
    const served = await server.http<VapidPublicKey>('GET', '/api/push/vapid-public-key')
    expect(served.body.publicKey).toBe(keys.publicKey)
    expect(await findVapidKeys(server.database.db)).toBeUndefined()
  })
})

describe('POST /api/push/subscriptions', () => {
  it("registers the calling device and replaces that device's earlier subscription", async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 1)
    const [laptop] = devices
    const before = await findSubscriptionOfSession(server.database.db, laptop.tokens.sessionId)
    const replacement = service.newDevice()
    const res = await server.http<PushSubscription>('POST', '/api/push/subscriptions', {
      token: laptop.tokens.accessToken,
      body: replacement.subscription,
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: before?.id, provider: 'webpush', sessionId: laptop.tokens.sessionId })
    const after = await findSubscriptionOfSession(server.database.db, laptop.tokens.sessionId)
    expect(after?.endpoint).toBe(replacement.subscription.endpoint)
  })

  it('moves an endpoint to the session that registers it again (the browser signed in anew)', async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 2)
    const [oldSession, newSession] = devices
    const res = await server.http('POST', '/api/push/subscriptions', {
      token: newSession.tokens.accessToken,
      body: oldSession.push.subscription,
    })
    expect(res.status).toBe(201)
    expect(await findSubscriptionOfSession(server.database.db, oldSession.tokens.sessionId)).toBeUndefined()
    expect((await findSubscriptionOfSession(server.database.db, newSession.tokens.sessionId))?.endpoint).toBe(
      oldSession.push.subscription.endpoint,
    )
  })

  it('refuses an endpoint outside the allowed push services with 400 push.endpoint_not_allowed (no SSRF)', async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 1)
    const { subscription } = service.newDevice()
    for (const endpoint of [
      'https://10.0.0.7/push/abc',
      'https://metadata.internal/latest',
      'https://127.0.0.1.evil.test/x',
    ]) {
      const res = await server.http<Problem>('POST', '/api/push/subscriptions', {
        token: devices[0].tokens.accessToken,
        body: { ...subscription, endpoint },
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('push.endpoint_not_allowed')
    }
  })

  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc', true],
    ['https://updates.push.services.mozilla.com/wpush/v2/abc', true],
    ['https://wns2-par02p.notify.windows.com/w/?token=abc', true],
    ['https://web.push.apple.com/abc', true],
    ['https://evil-push.services.mozilla.com.attacker.test/abc', false],
    ['https://fcm.googleapis.com.attacker.test/abc', false],
    ['https://169.254.169.254/latest', false],
  ])('allows %s by default: %s', (endpoint, allowed) => {
    expect(isAllowedPushHost(endpoint, [...BROWSER_PUSH_HOSTS])).toBe(allowed)
  })

  it('refuses a non-https endpoint, missing keys and malformed keys with 400 naming each field', async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 1)
    const token = devices[0].tokens.accessToken
    const { subscription } = service.newDevice()
    const post = (body: unknown) => server.http<Problem>('POST', '/api/push/subscriptions', { token, body })

    const plainHttp = await post({ ...subscription, endpoint: 'http://push.example.com/abc' })
    expect(plainHttp.status).toBe(400)
    expect(plainHttp.body.code).toBe('http.validation_failed')
    expect(plainHttp.body.errors?.map((e) => e.pointer)).toContain('/body/endpoint')

    const noKeys = await post({ endpoint: subscription.endpoint })
    expect(noKeys.status).toBe(400)
    expect(noKeys.body.errors?.map((e) => e.pointer)).toEqual(['/body/keys'])

    const badKeys = await post({ ...subscription, keys: { p256dh: 'AAAA', auth: 'short' } })
    expect(badKeys.status).toBe(400)
    expect(badKeys.body.errors?.map((e) => e.pointer).sort()).toEqual(['/body/keys/auth', '/body/keys/p256dh'])
  })

  it('answers 401 without an access token', async () => {
    const server = await setUp()
    const res = await server.http<Problem>('POST', '/api/push/subscriptions', {
      body: service.newDevice().subscription,
    })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('auth.missing_token')
  })

  it('refuses an FCM token with push.provider_unavailable when FCM is not configured', async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 1)
    const res = await server.http<Problem>('POST', '/api/push/subscriptions', {
      token: devices[0].tokens.accessToken,
      body: { provider: 'fcm', token: 'fcm-registration-token' },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('push.provider_unavailable')
  })
})

describe('DELETE /api/push/subscriptions', () => {
  it('stops notifications to the calling device and is idempotent', async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 3)
    const [laptop, phone, tablet] = devices
    for (let i = 0; i < 2; i++) {
      const res = await server.http('DELETE', '/api/push/subscriptions', { token: phone.tokens.accessToken })
      expect(res.status).toBe(204)
    }
    const { devices: told } = await notify(server, {
      userId: user.id,
      exceptSessionId: laptop.tokens.sessionId,
      message: { key: 'push.test' },
    })
    expect(told).toBe(1)
    await untilPushDeliveriesSettled(server)
    expect(receivedBy(phone)).toEqual([])
    expect(receivedBy(tablet)).toHaveLength(1)
  })
})

describe('POST /api/push/subscriptions/test', () => {
  it('sends the calling device a test notification', async () => {
    const server = await setUp()
    const { devices } = await userWithDevices(server, 2)
    const res = await server.http<PushSubscription>('POST', '/api/push/subscriptions/test', {
      token: devices[0].tokens.accessToken,
    })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ provider: 'webpush', sessionId: devices[0].tokens.sessionId })
    await untilPushDeliveriesSettled(server)
    expect(receivedBy(devices[0]).map((r) => r.payload)).toEqual([{ ...EN_TEST, count: 1, data: {} }])
    expect(receivedBy(devices[1])).toEqual([])
  })

  it('answers 404 push.subscription_not_found for a device that has not subscribed', async () => {
    const server = await setUp()
    const signUp = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })
    const res = await server.http<Problem>('POST', '/api/push/subscriptions/test', {
      token: signUp.body.tokens.accessToken,
    })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('push.subscription_not_found')
  })
})

describe('notifyOtherDevices', () => {
  it("pushes to the user's other devices, never the one that made the change, with VAPID and an encrypted payload", async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 3)
    const [laptop, phone, tablet] = devices
    const stranger = await userWithDevices(server, 1)
    const published = (await server.http<VapidPublicKey>('GET', '/api/push/vapid-public-key')).body.publicKey

    const result = await notify(server, {
      userId: user.id,
      exceptSessionId: laptop.tokens.sessionId,
      message: { key: 'push.test' },
      data: { url: '/planner/todos/42', kind: 'todo' },
    })
    expect(result).toEqual({ devices: 2 })
    await untilPushDeliveriesSettled(server)

    expect(service.rejected).toEqual([])
    expect(receivedBy(laptop)).toEqual([])
    expect(receivedBy(stranger.devices[0])).toEqual([])
    for (const device of [phone, tablet]) {
      const pushes = receivedBy(device)
      expect(pushes).toHaveLength(1)
      const [push] = pushes
      expect(push?.payload).toEqual({ ...EN_TEST, count: 1, data: { url: '/planner/todos/42', kind: 'todo' } })
      expect(push?.vapid.publicKey).toBe(published)
      expect(push?.vapid.claims).toMatchObject({ aud: service.origin, sub: 'mailto:no-reply@localhost' })
      expect(push?.headers).toMatchObject({ ttl: '86400', urgency: 'normal', 'content-encoding': 'aes128gcm' })
    }
  })

  it('coalesces three changes made seconds apart within the window into one notification saying 3 changes', async () => {
    // The default window (5 s); changes 1.5 s apart would each get a delivery of their own without it.
    const server = await setUp({ PUSH_COALESCE_SECONDS: '' })
    expect(server.ctx.config.push.coalesceSeconds).toBe(5)
    const { user, devices } = await userWithDevices(server, 2)
    const [laptop, phone] = devices
    for (const n of [1, 2, 3]) {
      if (n > 1) await new Promise((resolve) => setTimeout(resolve, 1500))
      await notify(server, {
        userId: user.id,
        exceptSessionId: laptop.tokens.sessionId,
        message: { key: 'push.test' },
        data: { n },
      })
    }
    await untilPushDeliveriesSettled(server)
    expect(receivedBy(phone).map((r) => r.payload)).toEqual([
      { title: EN_TEST.title, body: '3 changes', count: 3, data: { n: 3 } },
    ])
  })

  it('makes one delivery job per device for all the changes of one slot', async () => {
    const server = await setUp({ PUSH_COALESCE_SECONDS: '2' })
    const { user, devices } = await userWithDevices(server, 3)
    const [laptop, phone, tablet] = devices
    // One transaction has one database time, so all three fall in the same throttling slot.
    await server.ctx.transaction(async (tx) => {
      for (const n of [1, 2, 3]) {
        await notifyOtherDevices(server.ctx, tx, {
          userId: user.id,
          exceptSessionId: laptop.tokens.sessionId,
          message: { key: 'push.test' },
          data: { n },
        })
      }
    })
    expect(await deliverJobCount(server)).toBe(2)
    await untilPushDeliveriesSettled(server)
    for (const device of [phone, tablet]) expect(receivedBy(device).map((r) => r.payload.count)).toEqual([3])
  })

  it("sends an immediate notice at once and alone, while the device's other changes wait out their window", async () => {
    // A window far longer than the poll below: a notice held for it would never arrive in time.
    const server = await setUp({ PUSH_COALESCE_SECONDS: '600' })
    const { user, devices } = await userWithDevices(server, 2)
    const [laptop, phone] = devices
    await server.ctx.transaction(async (tx) => {
      for (const n of [1, 2]) {
        await notifyOtherDevices(server.ctx, tx, {
          userId: user.id,
          exceptSessionId: laptop.tokens.sessionId,
          message: { key: 'push.test' },
          data: { n },
        })
      }
      await notifyOtherDevices(server.ctx, tx, {
        userId: user.id,
        exceptSessionId: laptop.tokens.sessionId,
        message: { key: 'push.test' },
        data: { n: 3 },
        urgency: 'high',
        isImmediate: true,
      })
    })
    await expect.poll(() => receivedBy(phone).length, { timeout: 20_000 }).toBe(1)
    const [push] = receivedBy(phone)
    expect(push?.payload).toEqual({ ...EN_TEST, count: 1, data: { n: 3 } })
    expect(push?.headers.urgency).toBe('high')
    expect(receivedBy(laptop)).toEqual([])
    // The other two wait for the device's coalescing job, still queued for the end of the window.
    const { counts } = await server.ctx.jobs.overview()
    expect(counts.filter((c) => c.jobName === DELIVER_JOB && c.state === 'queued').map((c) => c.count)).toEqual([1])
  })

  it("keeps an immediate notice out of the device's coalesced delivery", async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 2)
    const [laptop, phone] = devices
    const notice = { userId: user.id, exceptSessionId: laptop.tokens.sessionId, message: { key: 'push.test' } }
    await expect(
      server.ctx.transaction(async (tx) => {
        await notifyOtherDevices(server.ctx, tx, { ...notice, data: { n: 1 } })
        await notifyOtherDevices(server.ctx, tx, { ...notice, data: { n: 2 }, isImmediate: true })
        // What the device's coalescing job would take when it ran now: not the immediate notice.
        const claimed = await claimOutbox(tx, phone.tokens.sessionId, randomUUID(), new Date(0))
        expect(claimed.map((c) => c.data)).toEqual([{ n: 1 }])
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
  })

  it('sends nothing when the transaction that made the change rolls back', async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 2)
    await expect(
      server.ctx.transaction(async (tx) => {
        await notifyOtherDevices(server.ctx, tx, {
          userId: user.id,
          exceptSessionId: devices[0].tokens.sessionId,
          message: { key: 'push.test' },
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await deliverJobCount(server)).toBe(0)
    expect(receivedBy(devices[1])).toEqual([])
  })

  it('removes the subscription when the push service answers 410 Gone', async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 3)
    const [laptop, phone, tablet] = devices
    service.respondWith(phone.push.id, [410])
    const notice = { userId: user.id, exceptSessionId: laptop.tokens.sessionId, message: { key: 'push.test' } }
    await notify(server, notice)
    await untilPushDeliveriesSettled(server)
    expect(service.attempts.filter((a) => a.deviceId === phone.push.id)).toEqual([
      { deviceId: phone.push.id, status: 410 },
    ])
    expect(await findSubscriptionOfSession(server.database.db, phone.tokens.sessionId)).toBeUndefined()
    expect(await findSubscriptionOfSession(server.database.db, tablet.tokens.sessionId)).toBeDefined()
    expect(await notify(server, notice)).toEqual({ devices: 1 })
  })

  it('retries after a 500 from the push service and then delivers exactly once', async () => {
    const server = await setUp()
    const { user, devices } = await userWithDevices(server, 2)
    const [laptop, phone] = devices
    service.respondWith(phone.push.id, [500])
    await notify(server, { userId: user.id, exceptSessionId: laptop.tokens.sessionId, message: { key: 'push.test' } })
    await untilPushDeliveriesSettled(server)
    expect(service.attempts.filter((a) => a.deviceId === phone.push.id).map((a) => a.status)).toEqual([500, 201])
    expect(receivedBy(phone)).toHaveLength(1)
    expect(await findSubscriptionOfSession(server.database.db, phone.tokens.sessionId)).toBeDefined()
  })

  it('sends nothing to a signed-out device, whether it ended before the change or before delivery', async () => {
    const server = await setUp({ PUSH_COALESCE_SECONDS: '2' })
    const { user, devices } = await userWithDevices(server, 3)
    const [laptop, phone, tablet] = devices
    const revoke = (device: Device) =>
      server.http('DELETE', `/api/accounts/devices/${device.tokens.sessionId}`, { token: laptop.tokens.accessToken })
    expect((await revoke(phone)).status).toBe(204)
    const notice = { userId: user.id, exceptSessionId: laptop.tokens.sessionId, message: { key: 'push.test' } }
    expect(await notify(server, notice)).toEqual({ devices: 1 })
    // The tablet is signed out after the change but before its delivery job runs.
    expect((await revoke(tablet)).status).toBe(204)
    await untilPushDeliveriesSettled(server)
    expect(receivedBy(phone)).toEqual([])
    expect(receivedBy(tablet)).toEqual([])
    expect(await findSubscriptionOfSession(server.database.db, tablet.tokens.sessionId)).toBeUndefined()
  })

  it("writes each notification in the recipient's language", async () => {
    const server = await setUp()
    const korean = await userWithDevices(server, 2, 'ko')
    const english = await userWithDevices(server, 2, 'en')
    for (const { user, devices } of [korean, english]) {
      await notify(server, {
        userId: user.id,
        exceptSessionId: devices[0].tokens.sessionId,
        message: { key: 'push.test' },
      })
    }
    await untilPushDeliveriesSettled(server)
    expect(receivedBy(korean.devices[1]).map((r) => r.payload.title)).toEqual(['알림이 켜졌습니다'])
    expect(receivedBy(english.devices[1]).map((r) => r.payload.title)).toEqual([EN_TEST.title])
  })

  it('refuses a message key that no module registered', async () => {
    const server = await setUp()
    const { user } = await userWithDevices(server, 1)
    await expect(
      notify(server, { userId: user.id, exceptSessionId: null, message: { key: 'planner.push.nothing_here' } }),
    ).rejects.toThrow('planner.push.nothing_here.title')
  })
})
