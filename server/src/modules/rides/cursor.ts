import { AppError } from '../../core/errors/app-error.ts'
import type { TripKey } from './repository/index.ts'

/**
 * Opaque page cursors: the creation time (milliseconds, as stored) and id of the last trip of a
 * page, base64url-encoded so clients do not build them.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function encodeCursor(key: TripKey): string {
  return Buffer.from(`${key.createdAt.getTime()}.${key.id}`, 'utf8').toString('base64url')
}

/** The position a cursor names; anything that is not a cursor we made is rides.invalid_cursor. */
export function decodeCursor(cursor: string): TripKey {
  const [millis = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('.')
  const time = Number(millis)
  if (rest.length > 0 || !/^\d{1,15}$/.test(millis) || !Number.isSafeInteger(time) || !UUID.test(id)) {
    throw new AppError('rides.invalid_cursor', {
      fieldErrors: [{ pointer: '/querystring/cursor', code: 'validation.invalid' }],
    })
  }
  return { createdAt: new Date(time), id }
}
