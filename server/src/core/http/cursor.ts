import type { ErrorCode } from '@madang/contracts'
import { AppError } from '../errors/app-error.ts'
import { isUuid } from '../ids.ts'

/**
 * Opaque page cursors for `?cursor=&limit=` lists ordered by creation time then id: the creation
 * time (milliseconds, exactly as stored) and id of the last item of a page, base64url-encoded so
 * clients do not build them.
 */

export interface PageKey {
  createdAt: Date
  id: string
}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(`${key.createdAt.getTime()}.${key.id}`, 'utf8').toString('base64url')
}

/** The position a cursor names; anything that is not a cursor we made fails with `invalidCode` (the module's). */
export function decodeCursor(cursor: string, invalidCode: ErrorCode): PageKey {
  const [millis = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('.')
  const time = Number(millis)
  if (rest.length > 0 || !/^\d{1,15}$/.test(millis) || !Number.isSafeInteger(time) || !isUuid(id)) {
    throw new AppError(invalidCode, {
      fieldErrors: [{ pointer: '/querystring/cursor', code: 'validation.invalid' }],
    })
  }
  return { createdAt: new Date(time), id }
}
