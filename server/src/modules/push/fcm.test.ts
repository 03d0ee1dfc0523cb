import type { AuthResult, PushSubscription } from '@madang/contracts'
import { afterEach, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { DELIVER_JOB, notifyOtherDevices } from './index.ts'
import { findSubscriptionOfSession } from './repository.ts'
import { startFcmService, type TestFcmService } from '../../test/fcm-service.ts'

const servers: TestServer[] = []
const fcms: TestFcmService[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await Promise.all(fcms.splice(0).map((f) => f.close()))
})

async function setUp() {
  const fcm = await startFcmService()
  fcms.push(fcm)
  const server = await startTestServer({
    env: {
      JOBS_POLL_INTERVAL_SECONDS: '1',
      PUSH_COALESCE_SECONDS: '1',
      PUSH_RETRY_DELAY_SECONDS: '1',
      FCM_SERVICE_ACCOUNT_JSON: fcm.serviceAccountJson,
      FCM_API_URL: fcm.apiUrl,
    },
  })
  servers.push(server)
  await server.ctx.jobs.startWorkers()
  return { server, fcm }
}

/** A Korean user on a web device and two phones that registered FCM tokens. */
async function userWithPhones(server: TestServer) {
  const input = newUserInput({ locale: 'ko' })
  const web = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })).body
  const phones = []
  for (const name of ['phone-a', 'phone-b']) {
    const signIn = await server.http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password, platform: 'android' },
    })
    const token = `fcm-token-${name}-${signIn.body.tokens.sessionId}`
    const res = await server.http<PushSubscription>('POST', '/api/push/subscriptions', {
      token: signIn.body.tokens.accessToken,
      body: { provider: 'fcm', token },
    })
    expect(res.status).toBe(201)
    expect(res.body.provider).toBe('fcm')
    phones.push({ tokens: signIn.body.tokens, fcmToken: token })
  }
  return { user: web.user, web: web.tokens, phones }
}

async function settled(server: TestServer) {
  await expect
    .poll(
      async () =>
        (await server.ctx.jobs.overview()).counts
          .filter((c) => c.jobName === DELIVER_JOB && ['queued', 'active', 'retrying'].includes(c.state))
          .reduce((sum, c) => sum + c.count, 0),
      { timeout: 20_000, interval: 200 },
    )
    .toBe(0)
}

describe('Firebase Cloud Messaging', () => {
  it('delivers through the HTTP v1 API with an OAuth token minted from a signed service-account assertion', async () => {
    const { server, fcm } = await setUp()
    const { user, web, phones } = await userWithPhones(server)
    await server.ctx.transaction((tx) =>
      notifyOtherDevices(server.ctx, tx, {
        userId: user.id,
        exceptSessionId: web.sessionId,
        message: { key: 'push.test' },
        data: { url: '/planner', ids: [1, 2] },
        urgency: 'high',
      }),
    )
    await settled(server)
    expect(fcm.messages.map((m) => m.token).sort()).toEqual(phones.map((p) => p.fcmToken).sort())
    expect(fcm.messages[0]).toMatchObject({
      notification: { title: '알림이 켜졌습니다', body: '다른 기기에서 무언가 바뀌면 이 기기로 알려 드립니다.' },
      data: { url: '/planner', ids: '[1,2]', count: '1' },
      android: { priority: 'HIGH', ttl: '86400s' },
    })
    // The access token is reused for the second device.
    expect(fcm.tokenGrants).toBe(1)
  })

  it('removes a subscription whose token FCM calls UNREGISTERED (404)', async () => {
    const { server, fcm } = await setUp()
    const { user, web, phones } = await userWithPhones(server)
    const [gone, kept] = phones
    fcm.unregistered.add(gone?.fcmToken ?? '')
    await server.ctx.transaction((tx) =>
      notifyOtherDevices(server.ctx, tx, {
        userId: user.id,
        exceptSessionId: web.sessionId,
        message: { key: 'push.test' },
      }),
    )
    await settled(server)
    expect(fcm.messages.map((m) => m.token)).toEqual([kept?.fcmToken])
    expect(await findSubscriptionOfSession(server.database.db, gone?.tokens.sessionId ?? '')).toBeUndefined()
    expect(await findSubscriptionOfSession(server.database.db, kept?.tokens.sessionId ?? '')).toBeDefined()
  })
})
