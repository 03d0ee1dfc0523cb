import { expect } from 'vitest'
import type { Clock } from '../core/clock.ts'
import { DELIVER_JOB } from '../modules/push/index.ts'
import { startTestServer, type TestServer } from './server.ts'
import { startWebPushService, type TestWebPushService } from './web-push-service.ts'

/**
 * A test server whose push deliveries go to a local Web Push service (trusted CA, allowed host)
 * and whose job workers run, polling every second. `env` adds to that (e.g. PUSH_COALESCE_SECONDS).
 */
export async function startPushTestServer(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<{ server: TestServer; service: TestWebPushService; close: () => Promise<void> }> {
  const service = await startWebPushService()
  const server = await startTestServer({
    clock: options.clock,
    env: {
      JOBS_POLL_INTERVAL_SECONDS: '1',
      PUSH_CA_FILE: service.caFile,
      PUSH_ALLOWED_HOSTS: '127.0.0.1',
      ...options.env,
    },
  })
  await server.ctx.jobs.startWorkers()
  return {
    server,
    service,
    close: async () => {
      await server.close()
      await service.close()
    },
  }
}

/**
 * Waits until no push.deliver job is queued, running or waiting for a retry, so that "nothing was
 * sent" is final rather than "nothing was sent yet".
 */
export async function untilPushDeliveriesSettled(server: TestServer): Promise<void> {
  await expect
    .poll(
      async () => {
        const { counts } = await server.ctx.jobs.overview()
        return counts
          .filter((c) => c.jobName === DELIVER_JOB && ['queued', 'active', 'retrying'].includes(c.state))
          .reduce((sum, c) => sum + c.count, 0)
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(0)
}
