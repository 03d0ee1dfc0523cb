/** Stable codes of a failed breakdown; a job records `code` as the task's error code. */
export const LLM_ERROR_CODES = ['llm.timeout', 'llm.provider_error', 'llm.malformed_output', 'llm.refused'] as const
export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number]

/**
 * A breakdown the language model could not deliver: no answer in time (`llm.timeout`), an HTTP
 * failure or unreachable provider (`llm.provider_error`, with `status` when there was one), an
 * answer that is not the promised JSON (`llm.malformed_output`, with a short `reason`), or a model
 * that declined (`llm.refused`). `retryable` says whether asking again can help.
 */
export class LlmError extends Error {
  readonly code: LlmErrorCode
  /** The provider's HTTP status, for llm.provider_error; null when it could not be reached. */
  readonly status: number | null
  /** A short, log-safe explanation: what was wrong with the answer, or the model's refusal. */
  readonly reason: string | null
  readonly retryable: boolean

  constructor(
    code: LlmErrorCode,
    details: { status?: number | null; reason?: string | null; timeoutMs?: number; cause?: unknown } = {},
  ) {
    const status = details.status ?? null
    const reason = details.reason ?? null
    super(describe(code, status, reason, details.timeoutMs), { cause: details.cause })
    this.name = 'LlmError'
    this.code = code
    this.status = status
    this.reason = reason
    this.retryable = isRetryable(code, status)
  }
}

export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError
}

function isRetryable(code: LlmErrorCode, status: number | null): boolean {
  switch (code) {
    case 'llm.timeout':
      return true
    case 'llm.provider_error':
      return status === null || status === 408 || status === 409 || status === 429 || status >= 500
    case 'llm.malformed_output':
      // Models are not deterministic: the next answer may well be valid.
      return true
    case 'llm.refused':
      return false
  }
}

function describe(code: LlmErrorCode, status: number | null, reason: string | null, timeoutMs?: number): string {
  switch (code) {
    case 'llm.timeout':
      return `The language model did not answer within ${timeoutMs ?? '?'} ms`
    case 'llm.provider_error':
      return status === null
        ? `The language model provider could not be reached${reason === null ? '' : `: ${reason}`}`
        : `The language model provider answered HTTP ${status}${reason === null ? '' : `: ${reason}`}`
    case 'llm.malformed_output':
      return `The language model's answer was not usable${reason === null ? '' : `: ${reason}`}`
    case 'llm.refused':
      return `The language model declined to break this todo down${reason === null ? '' : `: ${reason}`}`
  }
}
