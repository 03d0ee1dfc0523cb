import { PushSubscription, PushSubscriptionBody, VapidPublicKey } from '@madang/contracts'
import { Type } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import { requireActor } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import * as service from './service.ts'

const TAGS = ['push']
const SECURED = { tags: TAGS, security: [{ bearerAuth: [] }] }

export async function pushRoutes(app: App, ctx: Ctx): Promise<void> {
  const auth = { onRequest: app.authenticate }

  app.get(
    '/vapid-public-key',
    {
      schema: {
        tags: TAGS,
        summary: 'The VAPID public key to subscribe with (applicationServerKey)',
        response: { 200: VapidPublicKey },
      },
    },
    async () => service.getVapidPublicKey(ctx),
  )

  app.post(
    '/subscriptions',
    {
      schema: {
        ...SECURED,
        summary: "Register this device for push notifications (replaces this device's earlier registration)",
        body: PushSubscriptionBody,
        response: { 201: PushSubscription },
      },
      ...auth,
    },
    async (request, reply) => {
      const subscription = await service.registerSubscription(ctx, requireActor(request), request.body)
      return reply.code(201).send(subscription)
    },
  )

  app.delete(
    '/subscriptions',
    {
      schema: {
        ...SECURED,
        summary: 'Stop push notifications to this device',
        response: { 204: Type.Null({ description: 'Done' }) },
      },
      ...auth,
    },
    async (request, reply) => {
      await service.removeSubscription(ctx, requireActor(request))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/subscriptions/test',
    {
      schema: {
        ...SECURED,
        summary: 'Send this device a test notification (from a job); answers with the subscription it goes to',
        response: { 202: PushSubscription },
      },
      ...auth,
    },
    async (request, reply) => {
      const subscription = await service.sendTestNotification(ctx, requireActor(request))
      return reply.code(202).send(subscription)
    },
  )
}
