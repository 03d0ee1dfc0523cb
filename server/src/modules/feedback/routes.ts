import type { Readable } from 'node:stream'
import { fastifyMultipart } from '@fastify/multipart'
import {
  CreateFeedbackBody,
  FEEDBACK_SCREENSHOT_TYPES,
  Feedback,
  FeedbackListQuery,
  FeedbackPage,
  IdParams,
  MyFeedbackQuery,
  UpdateFeedbackBody,
} from '@madang/contracts'
import { Type } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import { requireActor, requireStaff } from '../../core/auth/plugin.ts'
import { credentialRateLimits } from '../../core/http/rate-limit.ts'
import type { App } from '../../core/http/types.ts'
import {
  changeFeedbackStatus,
  createFeedback,
  getFeedback,
  listFeedback,
  listMyFeedback,
  openFeedbackScreenshot,
} from './service.ts'
import { FORM_LIMITS, readFeedbackForm, takeScreenshot } from './upload.ts'

const TAGS = ['feedback']
const SECURED = { tags: TAGS, security: [{ bearerAuth: [] }] }
/** An image sent as it is stored (a stream, not JSON), in one of the accepted types. */
const ImageFile = {
  description: 'The image, with the type sniffed from its content',
  content: Object.fromEntries(
    FEEDBACK_SCREENSHOT_TYPES.map((type) => [
      type,
      { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) },
    ]),
  ),
}

/** Feedback posts per user (and per IP) in a window: plenty for people, too few for a flood. */
const SUBMIT_LIMITS = { perIp: 30, perAccount: 5, windowSeconds: 10 * 60 }

export async function feedbackRoutes(app: App, ctx: Ctx): Promise<void> {
  // Only this module's routes take multipart bodies; registered here, the parser stays in this scope.
  await app.register(fastifyMultipart, { limits: FORM_LIMITS, throwFileSizeLimit: true })
  const auth = { onRequest: app.authenticate }

  app.post(
    '/',
    {
      schema: {
        ...SECURED,
        summary:
          'Send feedback to staff, as JSON or as multipart/form-data with an optional `screenshot` image (png, jpeg, webp or gif, at most 5 MiB)',
        consumes: ['application/json', 'multipart/form-data'],
        body: CreateFeedbackBody,
        response: { 201: Feedback },
      },
      // Before the form is read: each post stores up to 5 MiB and emails every staff member.
      onRequest: [
        app.authenticate,
        ...(credentialRateLimits(app, 'feedback', SUBMIT_LIMITS, (req) => req.actor?.userId ?? 'anonymous') as Array<
          typeof app.authenticate
        >),
      ],
      preValidation: readFeedbackForm,
    },
    async (request, reply) => {
      const item = await createFeedback(ctx, requireActor(request), request.body, takeScreenshot(request))
      return reply.code(201).send(item)
    },
  )

  app.get(
    '/mine',
    {
      schema: {
        ...SECURED,
        summary: 'My feedback, newest first',
        querystring: MyFeedbackQuery,
        response: { 200: FeedbackPage },
      },
      ...auth,
    },
    async (request) => listMyFeedback(ctx, requireActor(request), request.query),
  )

  app.get(
    '/',
    {
      schema: {
        ...SECURED,
        summary: "Everyone's feedback, newest first (staff)",
        querystring: FeedbackListQuery,
        response: { 200: FeedbackPage },
      },
      ...auth,
    },
    async (request) => listFeedback(ctx, requireStaff(request), request.query),
  )

  app.get(
    '/:id',
    {
      schema: {
        ...SECURED,
        summary: 'One piece of feedback (its author or staff)',
        params: IdParams,
        response: { 200: Feedback },
      },
      ...auth,
    },
    async (request) => getFeedback(ctx, requireActor(request), request.params.id),
  )

  app.get(
    '/:id/screenshot',
    {
      schema: {
        ...SECURED,
        summary: 'The screenshot of a piece of feedback (its author or staff), with the type sniffed from its content',
        params: IdParams,
        response: { 200: ImageFile },
      },
      ...auth,
    },
    async (request, reply) => {
      const shot = await openFeedbackScreenshot(ctx, requireActor(request), request.params.id)
      return reply
        .type(shot.contentType)
        .header('content-length', shot.size)
        .header('content-disposition', `inline; filename="${shot.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(shot.stream)
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        ...SECURED,
        summary: 'Change the status of a piece of feedback (staff); the author is told',
        params: IdParams,
        body: UpdateFeedbackBody,
        response: { 200: Feedback },
      },
      ...auth,
    },
    async (request) => changeFeedbackStatus(ctx, requireStaff(request), request.params.id, request.body),
  )
}
