/**
 * The breakdown engine behind the Planner's "AI breakdown": given a todo, proposes subtodos of
 * about an hour each (or per `detail`), in the todo's language. Talks to any OpenAI-compatible
 * chat API (OpenAI, Ollama, vLLM, LM Studio) when LLM_BASE_URL is set, with strict JSON output
 * checked against a schema; otherwise a built-in, deterministic offline splitter answers, and the
 * result says which one did. Owns no data and writes nothing: callers (a job) save what is
 * accepted. Depends on config, pino and the `openai` client only.
 */

import type { Logger } from 'pino'
import { splitOffline } from './offline.ts'
import { createLlmBreakdown, type LlmConfig } from './openai.ts'
import { assertBreakdownInput, type Breakdown, type BreakdownInput, type BreakdownSource } from './types.ts'

export { isLlmError, LLM_ERROR_CODES, LlmError, type LlmErrorCode } from './errors.ts'
export { splitOffline } from './offline.ts'
export type { LlmConfig } from './openai.ts'
export type {
  Breakdown,
  BreakdownDetail,
  BreakdownInput,
  BreakdownLocale,
  BreakdownProposal,
  BreakdownSource,
} from './types.ts'
export { MAX_CONTENT_LENGTH, MAX_STEPS } from './types.ts'

export interface BreakdownEngine {
  /** 'llm' when LLM_BASE_URL is set, else 'offline'. */
  readonly source: BreakdownSource
  /**
   * Proposes 1-10 subtodos (exactly `count` when given). On the LLM path it throws an LlmError
   * (llm.timeout, llm.provider_error, llm.malformed_output, llm.refused) and never returns a
   * partial list; when `signal` aborts it rejects with the signal's reason. Throws a RangeError
   * for empty content or a count outside 1-10.
   */
  breakDown(input: BreakdownInput): Promise<Breakdown>
}

export function createBreakdownEngine(config: LlmConfig, log: Logger): BreakdownEngine {
  const { baseUrl } = config
  if (baseUrl === null) {
    log.info('AI breakdown uses the offline splitter (LLM_BASE_URL is not set)')
    return {
      source: 'offline',
      async breakDown(input) {
        assertBreakdownInput(input)
        input.signal?.throwIfAborted()
        return { source: 'offline', model: null, proposals: splitOffline(input) }
      },
    }
  }
  log.info({ llm: { baseUrl: safeUrl(baseUrl), model: config.model } }, 'AI breakdown uses a language model')
  const breakDown = createLlmBreakdown({ ...config, baseUrl }, log)
  return {
    source: 'llm',
    async breakDown(input) {
      assertBreakdownInput(input)
      return breakDown(input)
    },
  }
}

/** The base URL without any user:password part, fit for logs. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.toString()
  } catch {
    return '[invalid url]'
  }
}
