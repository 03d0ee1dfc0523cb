import { ERROR_STATUS, type ErrorCode } from '@madang/contracts'

export type MessageParams = Record<string, string | number>

/** One failing field: a JSON pointer into the request and a message code (localized when sent). */
export interface FieldIssue {
  pointer: string
  code: string
  params?: MessageParams
}

/**
 * A failure a client can act on: a stable code (its HTTP status comes from the contracts catalog),
 * parameters for the localized message, optional per-field errors and response headers.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly params: MessageParams
  readonly fieldErrors: FieldIssue[] | undefined
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    options: {
      params?: MessageParams
      fieldErrors?: FieldIssue[]
      headers?: Record<string, string>
      cause?: unknown
    } = {},
  ) {
    super(code, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = ERROR_STATUS[code]
    this.params = options.params ?? {}
    this.fieldErrors = options.fieldErrors
    this.headers = options.headers ?? {}
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
