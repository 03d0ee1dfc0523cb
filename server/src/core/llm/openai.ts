import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAI, OpenAIError } from 'openai'
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import type { Logger } from 'pino'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import type { Config } from '../../config/index.ts'
import { LlmError } from './errors.ts'
import { buildMessages, readAnswer, STEPS_FORMAT_NAME, STEPS_JSON_SCHEMA } from './prompt.ts'
import type { Breakdown, BreakdownInput } from './types.ts'

export type LlmConfig = Config['llm']
type ResponseFormat = 'json_schema' | 'json_object'

/** The part of a chat completion this engine reads; anything else in a 200 is the provider's fault. */
const checkCompletion = Compile(
  Type.Object({
    model: Type.Optional(Type.String()),
    choices: Type.Array(
      Type.Object({
        finish_reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        message: Type.Object({
          content: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          refusal: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        }),
      }),
    ),
  }),
)

/**
 * Breaks a todo down through an OpenAI-compatible chat completions API. Asks for strict structured
 * output (`json_schema`); a provider that answers that with HTTP 400 is asked once more with
 * `json_object` (the prompt spells out the shape), and this client keeps using json_object after.
 * No retries here: a failed call throws an LlmError and the job decides whether to run again.
 */
export function createLlmBreakdown(config: LlmConfig & { baseUrl: string }, log: Logger) {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    // The SDK insists on a key; without one the Authorization header is removed below.
    apiKey: config.apiKey ?? 'unused',
    defaultHeaders: config.apiKey === null ? { Authorization: null } : undefined,
    // Explicit, so that the SDK's own OPENAI_* environment variables change nothing.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: config.timeoutMs,
    maxRetries: 0,
    logLevel: 'warn',
    logger: sdkLogger(log),
  })
  let format: ResponseFormat = 'json_schema'

  const request = async (input: BreakdownInput, as: ResponseFormat): Promise<unknown> =>
    client.chat.completions.create(
      {
        model: config.model,
        messages: buildMessages(input),
        response_format:
          as === 'json_schema'
            ? { type: 'json_schema', json_schema: { name: STEPS_FORMAT_NAME, strict: true, schema: STEPS_JSON_SCHEMA } }
            : { type: 'json_object' },
      } satisfies ChatCompletionCreateParamsNonStreaming,
      { signal: input.signal },
    )

  const complete = async (input: BreakdownInput): Promise<unknown> => {
    try {
      return await request(input, format)
    } catch (error) {
      if (format === 'json_schema' && error instanceof APIError && error.status === 400) {
        log.warn({ model: config.model }, 'LLM provider rejected json_schema output; asking for json_object')
        const answer = await request(input, 'json_object')
        format = 'json_object'
        return answer
      }
      throw error
    }
  }

  return async function breakDown(input: BreakdownInput): Promise<Breakdown> {
    input.signal?.throwIfAborted()
    const started = performance.now()
    let completion: unknown
    try {
      completion = await complete(input)
    } catch (error) {
      throw toLlmError(error, config, input.signal)
    }
    if (!checkCompletion.Check(completion)) {
      throw new LlmError('llm.provider_error', { status: 200, reason: 'the answer is not a chat completion' })
    }
    const [choice] = completion.choices
    if (choice === undefined) throw new LlmError('llm.malformed_output', { reason: 'no choices' })
    const refusal = choice.message.refusal?.trim() ?? ''
    if (refusal !== '') throw new LlmError('llm.refused', { reason: short(refusal) })
    if (choice.finish_reason === 'content_filter') {
      throw new LlmError('llm.refused', { reason: 'stopped by the content filter' })
    }
    if (choice.finish_reason === 'length') {
      throw new LlmError('llm.malformed_output', { reason: 'the answer was cut off (length limit)' })
    }
    const proposals = readAnswer(choice.message.content, input.count)
    const model = completion.model !== undefined && completion.model !== '' ? completion.model : config.model
    log.debug({ model, format, steps: proposals.length, ms: Math.round(performance.now() - started) }, 'LLM breakdown')
    return { source: 'llm', model, proposals }
  }
}

/**
 * The LlmError for a failed request, or the abort reason when the caller's signal stopped it (a
 * cancelled job is not a failed model).
 */
function toLlmError(error: unknown, config: LlmConfig, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted === true) return signal.reason
  if (error instanceof APIUserAbortError) return error
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('llm.timeout', { timeoutMs: config.timeoutMs, cause: error })
  }
  if (error instanceof APIConnectionError) {
    return new LlmError('llm.provider_error', { reason: short(scrub(causeMessage(error), config)), cause: error })
  }
  if (error instanceof APIError) {
    // `instanceof` widens the SDK's generic parameters to any; pin them back.
    const failed = error as APIError<number | undefined, Headers | undefined, object | undefined>
    return new LlmError('llm.provider_error', {
      status: failed.status ?? null,
      reason: short(scrub(providerMessage(failed), config)),
      cause: error,
    })
  }
  // The SDK parses a 200's body itself; a body that is not JSON surfaces as a SyntaxError.
  if (error instanceof SyntaxError) {
    return new LlmError('llm.provider_error', { status: 200, reason: 'the answer is not a chat completion' })
  }
  if (error instanceof OpenAIError) {
    return new LlmError('llm.provider_error', { reason: short(scrub(error.message, config)), cause: error })
  }
  return error
}

function providerMessage(error: APIError<number | undefined, Headers | undefined, object | undefined>): string | null {
  const body: unknown = error.error
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return body.message
  }
  return null
}

function causeMessage(error: APIConnectionError): string | null {
  return error.cause instanceof Error ? error.cause.message : error.message
}

/** Provider messages end up in task errors the user sees: never let the key through. */
function scrub(message: string | null, config: LlmConfig): string | null {
  if (message === null || config.apiKey === null) return message
  return message.split(config.apiKey).join('[redacted]')
}

function short(message: string | null): string | null {
  if (message === null) return null
  const flat = message.replace(/\s+/g, ' ').trim()
  return flat.length <= 200 ? flat : `${flat.slice(0, 199)}…`
}

/** Routes the SDK's own warnings into our log, message only (its extra arguments may carry requests). */
function sdkLogger(log: Logger) {
  const child = log.child({ component: 'openai' })
  return {
    error: (message: string) => child.error(message),
    warn: (message: string) => child.warn(message),
    info: (message: string) => child.info(message),
    debug: (message: string) => child.debug(message),
  }
}
