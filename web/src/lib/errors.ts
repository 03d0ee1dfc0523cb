import type { TFunction } from 'i18next'
import { ApiError } from './api.ts'

/**
 * A failure as the user reads it: the localized message for the problem's stable code (namespace
 * `errors`), else the server's own localized detail, else a generic sentence. Never a stack or JSON.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const fallback = error.problem?.detail ?? t('errors:generic')
    return t(`errors:${error.code}`, { defaultValue: fallback, seconds: error.retryAfterSeconds ?? 0 })
  }
  return t('errors:generic')
}

/** Localized messages for the fields a validation problem names, keyed by field name. */
export function fieldMessages(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const messages: Record<string, string> = {}
  for (const [field, fieldError] of Object.entries(error.fieldErrors)) {
    // The server's message is already in the request's language and names the limit ("at least 10").
    messages[field] = fieldError.message || t(`errors:${fieldError.code}`, { defaultValue: t('errors:generic') })
  }
  return messages
}
