import { IdParams, Task } from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import { requireActor } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import { cancelTask, getTask } from './service.ts'

const SCHEMA = { tags: ['tasks'], security: [{ bearerAuth: [] }], params: IdParams, response: { 200: Task } }

export async function tasksRoutes(app: App, ctx: Ctx): Promise<void> {
  const auth = { onRequest: app.authenticate }
  app.get('/:id', { schema: { ...SCHEMA, summary: 'One of my tasks' }, ...auth }, async (request) =>
    getTask(ctx, requireActor(request), request.params.id),
  )
  app.delete('/:id', { schema: { ...SCHEMA, summary: 'Cancel one of my tasks' }, ...auth }, async (request) =>
    cancelTask(ctx, requireActor(request), request.params.id),
  )
}
