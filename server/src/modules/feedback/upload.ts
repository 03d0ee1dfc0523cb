import { FEEDBACK_SCREENSHOT_MAX_BYTES } from '@madang/contracts'
import type { FastifyRequest } from 'fastify'
import { AppError } from '../../core/errors/app-error.ts'

/**
 * Reading POST /api/feedback as multipart/form-data: the text fields become the body, validated by
 * the same schema as a JSON body, and the one `screenshot` file is held in memory (at most 5 MiB)
 * until the service has checked it. Nothing reaches the disk here.
 */

/** Limits given to @fastify/multipart for the feedback routes. */
export const FORM_LIMITS = {
  fileSize: FEEDBACK_SCREENSHOT_MAX_BYTES,
  files: 1,
  fields: 10,
  parts: 11,
  fieldNameSize: 100,
  // A 5000-character description is at most 20,000 bytes of UTF-8.
  fieldSize: 32 * 1024,
  headerPairs: 20,
}

export const SCREENSHOT_FIELD = 'screenshot'

const screenshots = new WeakMap<FastifyRequest, Buffer>()

/** The screenshot the form carried, or null (a JSON body, or a form without one). */
export function takeScreenshot(request: FastifyRequest): Buffer | null {
  const bytes = screenshots.get(request) ?? null
  screenshots.delete(request)
  return bytes
}

/** preValidation hook: turns a multipart request into a plain body plus the screenshot. */
export async function readFeedbackForm(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return
  const body: Record<string, unknown> = {}
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== SCREENSHOT_FIELD) {
          part.file.resume()
          throw new AppError('feedback.invalid_form', {
            fieldErrors: [{ pointer: `/body/${part.fieldname}`, code: 'validation.additionalProperties' }],
          })
        }
        const bytes = await part.toBuffer()
        // A browser sends an empty file part for a file input left empty: that is no screenshot.
        if (bytes.byteLength > 0) screenshots.set(request, bytes)
        continue
      }
      if (part.valueTruncated || part.fieldnameTruncated) {
        throw new AppError('feedback.invalid_form', {
          fieldErrors: [
            {
              pointer: `/body/${part.fieldname}`,
              code: 'validation.maxLength',
              params: { limit: FORM_LIMITS.fieldSize },
            },
          ],
        })
      }
      const previous = body[part.fieldname]
      // A repeated field becomes a list, which the schema then refuses.
      body[part.fieldname] = previous === undefined ? part.value : [previous, part.value].flat()
    }
  } catch (error) {
    throw toFormError(error)
  }
  request.body = body
}

/**
 * Maps what reading the form can throw to our codes: the size limit to screenshot_too_large, and
 * every other failure of a form the client sent (limits, no boundary, a truncated body) to
 * invalid_form. Our own AppErrors pass through.
 */
function toFormError(error: unknown): unknown {
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('feedback.screenshot_too_large', { cause: error })
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_PROTO_VIOLATION':
      return new AppError('feedback.invalid_form', { cause: error })
    default:
      return error instanceof AppError ? error : new AppError('feedback.invalid_form', { cause: error })
  }
}
