import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

// Enums rather than unions of literals: a wrong value is then one validation error, not one per literal.

/** What a piece of feedback is about, as in the OneStep contact form. */
export const FeedbackCategory = Type.Enum(['bug', 'feature', 'feedback'])
export type FeedbackCategory = Static<typeof FeedbackCategory>

/** Where staff are with it; the author is told of every change. */
export const FeedbackStatus = Type.Enum(['pending', 'processing', 'completed'])
export type FeedbackStatus = Static<typeof FeedbackStatus>

/** The largest screenshot accepted, in bytes (5 MiB). */
export const FEEDBACK_SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024

/** Image types a screenshot may be, judged by its content, never by its name or declared type. */
export const FEEDBACK_SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const

/**
 * POST /api/feedback, as application/json, or as multipart/form-data with these fields plus an
 * optional `screenshot` file.
 */
export const CreateFeedbackBody = Type.Object(
  {
    category: FeedbackCategory,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    description: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
  },
  { additionalProperties: false },
)
export type CreateFeedbackBody = Static<typeof CreateFeedbackBody>

export const FeedbackScreenshot = Type.Object({
  contentType: Type.String({ description: 'The type sniffed from the content, e.g. image/png' }),
  size: Type.Integer({ minimum: 1, description: 'Bytes' }),
  url: Type.String({ description: 'Where the author and staff can download it' }),
})
export type FeedbackScreenshot = Static<typeof FeedbackScreenshot>

export const Feedback = Type.Object({
  id: Type.String({ format: 'uuid' }),
  authorId: Type.String({ format: 'uuid' }),
  category: FeedbackCategory,
  title: Type.String(),
  description: Type.String(),
  status: FeedbackStatus,
  screenshot: Type.Union([FeedbackScreenshot, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Feedback = Static<typeof Feedback>

/** One page of feedback, newest first; pass `nextCursor` back as `cursor` for the next page. */
export const FeedbackPage = Type.Object({
  items: Type.Array(Feedback),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type FeedbackPage = Static<typeof FeedbackPage>

const PageQuery = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}

/** GET /api/feedback/mine */
export const MyFeedbackQuery = Type.Object(PageQuery)
export type MyFeedbackQuery = Static<typeof MyFeedbackQuery>

/** GET /api/feedback (staff) */
export const FeedbackListQuery = Type.Object({ ...PageQuery, status: Type.Optional(FeedbackStatus) })
export type FeedbackListQuery = Static<typeof FeedbackListQuery>

/** PATCH /api/feedback/:id (staff) */
export const UpdateFeedbackBody = Type.Object({ status: FeedbackStatus }, { additionalProperties: false })
export type UpdateFeedbackBody = Static<typeof UpdateFeedbackBody>

/** Realtime event on the author's `user:<id>` channel when staff change the status; data is the Feedback. */
export const FEEDBACK_STATUS_CHANGED_EVENT = 'feedback.status_changed'
