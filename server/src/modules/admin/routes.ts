import { IdParams, JobsOverview, Task } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import { requireStaff } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import { cancelJob, getJobsOverview, retryJob } from './service.ts'

const COMMON = { tags: ['admin'], security: [{ bearerAuth: [] }] }

export async function adminRoutes(app: App, ctx: Ctx): Promise<void> {
  const auth = { onRequest: app.authenticate }
  app.get(
    '/jobs',
    {
      schema: {
        ...COMMON,
        summary: 'Jobs by queue and state, and recent failures (staff)',
        response: { 200: JobsOverview },
      },
      ...auth,
    },
    async (request) => {
      requireStaff(request)
      return getJobsOverview(ctx)
    },
  )
  app.post(
    '/jobs/:id/retry',
    {
      schema: { ...COMMON, summary: 'Retry a failed job (staff)', params: IdParams, response: { 200: Task } },
      ...auth,
    },
    async (request) => {
      requireStaff(request)
      return retryJob(ctx, request.params.id)
    },
  )
  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        ...COMMON,
        summary: 'Cancel a queued or running job (staff)',
        params: IdParams,
        response: { 200: Task },
      },
      ...auth,
    },
    async (request) => {
      requireStaff(request)
      return cancelJob(ctx, request.params.id)
    },
  )
}
