import { AppError } from '../../../core/errors/app-error.ts'

/** The text without surrounding blanks; blank text is a validation failure at `pointer`. */
export function cleanText(value: string, pointer: string): string {
  const trimmed = value.trim()
  if (trimmed === '') {
    throw new AppError('http.validation_failed', {
      fieldErrors: [{ pointer, code: 'validation.minLength', params: { limit: 1 } }],
    })
  }
  return trimmed
}

/** A palette name as is, a hex color in lower case. */
export function normalizeColor(color: string): string {
  return color.startsWith('#') ? color.toLowerCase() : color
}

const DAY_MS = 24 * 60 * 60 * 1000
/** The longest range a date-range list may cover, both ends included. */
export const MAX_RANGE_DAYS = 62

/** Checks a date range (both ends included): `from` not after `to`, at most 62 days. */
export function assertDateRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1
  if (days < 1) {
    throw new AppError('planner.invalid_date_range', {
      params: { max: MAX_RANGE_DAYS },
      fieldErrors: [{ pointer: '/querystring/to', code: 'planner.validation.range_reversed' }],
    })
  }
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('planner.invalid_date_range', {
      params: { max: MAX_RANGE_DAYS },
      fieldErrors: [
        { pointer: '/querystring/to', code: 'planner.validation.range_too_long', params: { limit: MAX_RANGE_DAYS } },
      ],
    })
  }
}
