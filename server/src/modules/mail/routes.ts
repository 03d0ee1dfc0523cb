import { BroadcastBody, TaskRef } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import { requireStaff } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import { startBroadcast } from './service.ts'

export async function mailRoutes(app: App, ctx: Ctx): Promise<void> {
  app.post(
    '/broadcast',
    {
      schema: {
        tags: ['mail'],
        security: [{ bearerAuth: [] }],
        summary: 'Send a message to many addresses from a background job (staff); answers 202 with the task',
        body: BroadcastBody,
        response: { 202: TaskRef },
      },
      onRequest: app.authenticate,
    },
    async (request, reply) => {
      const ref = await startBroadcast(ctx, requireStaff(request), request.body)
      return reply.code(202).send(ref)
    },
  )
}
