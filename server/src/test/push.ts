import { expect } from 'vitest'
import { DELIVER_JOB } from '../modules/push/index.ts'
import type { TestServer } from './server.ts'

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
