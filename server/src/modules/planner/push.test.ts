import type { AuthResult, Category, Tokens } from '@madang/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { startWebPushService, type TestWebPushService } from '../../test/web-push-service.ts'

let service: TestWebPushService
let server: TestServer
beforeAll(async () => {
  service = await startWebPushService()
  server = await startTestServer({
    env: {
      JOBS_POLL_INTERVAL_SECONDS: '1',
      PUSH_COALESCE_SECONDS: '1',
      PUSH_CA_FILE: service.caFile,
      PUSH_ALLOWED_HOSTS: '127.0.0.1',
    },
  })
  await server.ctx.jobs.startWorkers()
}, 60_000)
afterAll(async () => {
  await server?.close()
  await service?.close()
})

describe('push to my other devices', () => {
  it("pushes a planner change to the user's other device in its language, not to the device that made it", async () => {
    const input = newUserInput({ locale: 'ko' })
    const phone = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })).body.tokens
    const laptop = (
      await server.http<AuthResult>('POST', '/api/accounts/signin', {
        body: { login: input.username, password: input.password },
      })
    ).body.tokens
    const devices = new Map<Tokens, ReturnType<TestWebPushService['newDevice']>>()
    for (const tokens of [phone, laptop]) {
      const device = service.newDevice()
      devices.set(tokens, device)
      const res = await server.http('POST', '/api/push/subscriptions', {
        token: tokens.accessToken,
        body: device.subscription,
      })
      expect(res.status).toBe(201)
    }
    const created = await server.http<Category>('POST', '/api/planner/categories', {
      token: phone.accessToken,
      body: { title: '공부' },
    })
    expect(created.status).toBe(201)
    const laptopDevice = devices.get(laptop)
    await expect
      .poll(() => service.received.filter((p) => p.deviceId === laptopDevice?.id).length, { timeout: 20_000 })
      .toBe(1)
    const [push] = service.received.filter((p) => p.deviceId === laptopDevice?.id)
    expect(push?.payload).toMatchObject({ title: '플래너', body: '다른 기기에서 플래너가 바뀌었어요.' })
    expect(service.received.some((p) => p.deviceId === devices.get(phone)?.id)).toBe(false)
  })
})
