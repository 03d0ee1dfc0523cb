import { randomUUID } from 'node:crypto'
import type { ReadStream } from 'node:fs'
import {
  FEEDBACK_SCREENSHOT_MAX_BYTES,
  FEEDBACK_STATUS_CHANGED_EVENT,
  type CreateFeedbackBody,
  type Feedback,
  type FeedbackListQuery,
  type FeedbackPage,
  type MyFeedbackQuery,
  type UpdateFeedbackBody,
} from '@madang/contracts'
import type { Ctx } from '../../ctx.ts'
import type { Actor } from '../../core/auth/actor.ts'
import type { Executor } from '../../core/db/index.ts'
import { AppError } from '../../core/errors/app-error.ts'
import { userChannel } from '../../core/realtime/channels.ts'
import { decodeCursor, encodeCursor } from '../../core/http/cursor.ts'
import { NOTIFY_AUTHOR_JOB, NOTIFY_STAFF_JOB, type NotifyAuthorPayload, type NotifyStaffPayload } from './jobs.ts'
import { presentFeedback } from './present.ts'
import { findFeedback, insertFeedback, listFeedbackPage, updateFeedbackStatus } from './repository.ts'
import {
  openScreenshot,
  removeScreenshot,
  screenshotsDir,
  sniffImage,
  storeScreenshot,
  type ScreenshotType,
} from './screenshots.ts'
import type { FeedbackRow } from './tables.ts'
import { notifyOtherDevices } from '../push/index.ts'

const DEFAULT_PAGE_SIZE = 20

function isStaff(actor: Actor): boolean {
  return actor.roles.includes('staff')
}

/**
 * Files feedback for the caller, with an optional screenshot (png, jpeg, webp or gif by its
 * content: feedback.unsupported_image otherwise; feedback.screenshot_too_large over 5 MiB). Staff
 * are mailed by the `feedback.notify-staff` job, enqueued in the same transaction. The screenshot
 * is written before the row and removed again if the row is not committed.
 */
export async function createFeedback(
  ctx: Ctx,
  actor: Actor,
  input: CreateFeedbackBody,
  screenshot: Uint8Array | null,
): Promise<Feedback> {
  const id = randomUUID()
  const dir = screenshotsDir(ctx.config.uploadsDir)
  let stored: { file: string; type: ScreenshotType; size: number } | null = null
  if (screenshot !== null) {
    if (screenshot.byteLength > FEEDBACK_SCREENSHOT_MAX_BYTES) throw new AppError('feedback.screenshot_too_large')
    const image = await sniffImage(screenshot)
    if (image === null) throw new AppError('feedback.unsupported_image')
    const file = await storeScreenshot(dir, id, image, screenshot)
    stored = { file, type: image.contentType, size: screenshot.byteLength }
  }
  const now = ctx.clock.now()
  try {
    const row = await ctx.transaction(async (tx) => {
      const inserted = await insertFeedback(tx, {
        id,
        authorId: actor.userId,
        category: input.category,
        title: input.title.trim(),
        description: input.description.trim(),
        status: 'pending',
        screenshotFile: stored?.file ?? null,
        screenshotType: stored?.type ?? null,
        screenshotSize: stored?.size ?? null,
        createdAt: now,
        updatedAt: now,
      })
      const payload: NotifyStaffPayload = { feedbackId: id }
      await ctx.jobs.enqueue(tx, NOTIFY_STAFF_JOB, payload)
      return inserted
    })
    return presentFeedback(row)
  } catch (error) {
    if (stored !== null) await removeScreenshot(dir, stored.file)
    throw error
  }
}

/** One piece of feedback, for its author or staff; anyone else gets feedback.feedback_not_found. */
export async function getFeedback(ctx: Ctx, actor: Actor, id: string): Promise<Feedback> {
  return presentFeedback(await findVisibleFeedback(ctx, actor, id))
}

/** The caller's own feedback, newest first, a page at a time. */
export async function listMyFeedback(ctx: Ctx, actor: Actor, query: MyFeedbackQuery): Promise<FeedbackPage> {
  return listPage(ctx, { authorId: actor.userId, cursor: query.cursor, limit: query.limit })
}

/** Everyone's feedback for staff (the route checks), newest first, optionally one status only. */
export async function listFeedback(ctx: Ctx, _actor: Actor, query: FeedbackListQuery): Promise<FeedbackPage> {
  return listPage(ctx, { status: query.status, cursor: query.cursor, limit: query.limit })
}

/**
 * The screenshot of a piece of feedback, for its author or staff, with the type sniffed when it
 * was stored. No feedback (or not theirs): feedback.feedback_not_found; none attached, or its file
 * is gone: feedback.screenshot_not_found.
 */
export async function openFeedbackScreenshot(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<{ stream: ReadStream; contentType: string; size: number; fileName: string }> {
  const row = await findVisibleFeedback(ctx, actor, id)
  if (row.screenshotFile === null || row.screenshotType === null) throw new AppError('feedback.screenshot_not_found')
  const opened = await openScreenshot(screenshotsDir(ctx.config.uploadsDir), row.screenshotFile)
  if (opened === null) {
    ctx.log.warn({ feedbackId: id, file: row.screenshotFile }, 'feedback screenshot file is missing')
    throw new AppError('feedback.screenshot_not_found')
  }
  return { ...opened, contentType: row.screenshotType, fileName: `feedback-${row.screenshotFile}` }
}

/**
 * Moves feedback to another status (staff only; the route checks) and tells the author through
 * `notifyAuthor`. Setting the status it already has changes nothing and tells no one. Unknown
 * id: feedback.feedback_not_found.
 */
export async function changeFeedbackStatus(
  ctx: Ctx,
  _actor: Actor,
  id: string,
  input: UpdateFeedbackBody,
): Promise<Feedback> {
  const changed = await ctx.transaction(async (tx) => {
    const row = await updateFeedbackStatus(tx, id, input.status, ctx.clock.now())
    if (row === undefined) return null
    const item = presentFeedback(row)
    await notifyAuthor(ctx, tx, item)
    return item
  })
  if (changed !== null) return changed
  const current = await findFeedback(ctx.db, id)
  if (current === undefined) throw new AppError('feedback.feedback_not_found')
  return presentFeedback(current)
}

/**
 * Tells the author that their feedback's status changed, from inside the transaction that changed
 * it: the `feedback.status_changed` event on their user channel (published after commit) and an
 * email from the `feedback.notify-author` job (enqueued in `tx`), and a push notification to each
 * of their devices.
 */
export async function notifyAuthor(ctx: Ctx, tx: Executor, item: Feedback): Promise<void> {
  ctx.realtime.publish(userChannel(item.authorId), FEEDBACK_STATUS_CHANGED_EVENT, item)
  await notifyOtherDevices(ctx, tx, {
    userId: item.authorId,
    exceptSessionId: null,
    message: { key: 'feedback.push.status_changed', params: { title: item.title, status: item.status } },
    data: { kind: FEEDBACK_STATUS_CHANGED_EVENT, url: `/feedback/${item.id}` },
  })
  const payload: NotifyAuthorPayload = { feedbackId: item.id, status: item.status }
  await ctx.jobs.enqueue(tx, NOTIFY_AUTHOR_JOB, payload)
}

async function findVisibleFeedback(ctx: Ctx, actor: Actor, id: string): Promise<FeedbackRow> {
  const row = await findFeedback(ctx.db, id)
  // Someone else's feedback is indistinguishable from feedback that does not exist.
  if (row === undefined || (row.authorId !== actor.userId && !isStaff(actor))) {
    throw new AppError('feedback.feedback_not_found')
  }
  return row
}

async function listPage(
  ctx: Ctx,
  options: Pick<FeedbackListQuery, 'status' | 'cursor' | 'limit'> & { authorId?: string },
): Promise<FeedbackPage> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE
  const rows = await listFeedbackPage(ctx.db, {
    authorId: options.authorId,
    status: options.status,
    after: options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'feedback.invalid_cursor'),
    limit,
  })
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(presentFeedback),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  }
}
