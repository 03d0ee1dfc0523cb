import { AppError } from '../../core/errors/app-error.ts'

/** True for an IANA time zone name the runtime knows (Asia/Seoul, UTC, Europe/Berlin). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** Throws http.validation_failed pointing at /body/timeZone unless `value` is absent or a known zone. */
export function assertTimeZone(value: string | undefined): void {
  if (value !== undefined && !isTimeZone(value)) {
    throw new AppError('http.validation_failed', {
      fieldErrors: [{ pointer: '/body/timeZone', code: 'validation.time_zone' }],
    })
  }
}
