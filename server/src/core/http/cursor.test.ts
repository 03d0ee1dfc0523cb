import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor.ts'

const ID = '0b9a4d4e-8a51-4c55-9a3e-2f1d7c6b5a40'
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

describe('page cursors', () => {
  it('give back exactly the position they were made from', () => {
    const key = { createdAt: new Date('2025-03-01T09:00:00.123Z'), id: ID }
    expect(decodeCursor(encodeCursor(key), 'feedback.invalid_cursor')).toEqual(key)
  })

  it.each([
    ['not base64 of anything', '!!!'],
    ['no id', b64('1740819600123')],
    ['an id that is not a uuid', b64('1740819600123.not-a-uuid')],
    ['a time that is not a whole number', b64(`1.5.${ID}`)],
    ['a negative time', b64(`-1.${ID}`)],
    ['a time too large for a date', b64(`9999999999999999.${ID}`)],
  ])('refuse %s with the code the module names', (_case, cursor) => {
    expect(() => decodeCursor(cursor, 'feedback.invalid_cursor')).toThrow(
      expect.objectContaining({ code: 'feedback.invalid_cursor' }),
    )
    expect(() => decodeCursor(cursor, 'rides.invalid_cursor')).toThrow(
      expect.objectContaining({ code: 'rides.invalid_cursor' }),
    )
  })
})
