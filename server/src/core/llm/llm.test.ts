import { pino, type Logger } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../config/index.ts'
import { completion, startLlmServer, systemPrompt, userPrompt, type TestLlmServer } from '../../test/llm-server.ts'
import {
  createBreakdownEngine,
  isLlmError,
  LlmError,
  splitOffline,
  type BreakdownInput,
  type LlmConfig,
} from './index.ts'

const STEPS = {
  steps: [
    { content: 'Outline the report', estimatedMinutes: 45 },
    { content: 'Write the first draft', estimatedMinutes: 60 },
    { content: 'Proofread and send', estimatedMinutes: 30 },
  ],
}

/** A logger whose lines land in `lines`, raw. */
function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  return { log: pino({ level: 'trace' }, { write: (line: string) => lines.push(line) }), lines }
}

const silent = pino({ level: 'silent' })
const API_KEY = 'sk-test-0123456789abcdef'

/** The LlmError `promise` rejects with, or fails the test. */
async function llmErrorOf(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  if (!isLlmError(error)) throw new Error(`expected an LlmError, got ${String(error)}`)
  return error
}

describe('createBreakdownEngine with an OpenAI-compatible provider', () => {
  let provider: TestLlmServer
  const engineFor = (overrides: Partial<LlmConfig> = {}, log: Logger = silent) =>
    createBreakdownEngine(
      { baseUrl: provider.baseUrl, apiKey: API_KEY, model: 'gpt-4o-mini', timeoutMs: 5_000, ...overrides },
      log,
    )
  const breakDown = (input: BreakdownInput, overrides: Partial<LlmConfig> = {}) => engineFor(overrides).breakDown(input)

  beforeAll(async () => {
    provider = await startLlmServer()
  })
  afterEach(() => provider.reset())
  afterAll(async () => {
    await provider.close()
  })

  it('asks the configured model with the todo, strict json_schema output and the API key, and returns proposals', async () => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    const engine = engineFor()
    expect(engine.source).toBe('llm')

    const result = await engine.breakDown({
      content: 'Write the quarterly report',
      memo: 'Numbers are in the Q3 sheet',
    })

    expect(result).toEqual({
      source: 'llm',
      model: 'fake-model-2025-01-01',
      proposals: [
        { content: 'Outline the report', estimatedMinutes: 45 },
        { content: 'Write the first draft', estimatedMinutes: 60 },
        { content: 'Proofread and send', estimatedMinutes: 30 },
      ],
    })
    expect(provider.requests).toHaveLength(1)
    const [request] = provider.requests
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request?.body.model).toBe('gpt-4o-mini')
    expect(userPrompt(request)).toContain('Write the quarterly report')
    expect(userPrompt(request)).toContain('Numbers are in the Q3 sheet')
    expect(systemPrompt(request)).toContain('about one hour each')
    expect(request?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'subtodos',
        strict: true,
        schema: {
          type: 'object',
          required: ['steps'],
          additionalProperties: false,
          properties: {
            steps: {
              type: 'array',
              items: {
                type: 'object',
                required: ['content', 'estimatedMinutes'],
                additionalProperties: false,
                properties: { content: { type: 'string' }, estimatedMinutes: { type: 'integer' } },
              },
            },
          },
        },
      },
    })
  })

  it('sends no Authorization header when no API key is configured, as Ollama needs none', async () => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    await breakDown({ content: 'Write the report' }, { apiKey: null })
    expect(provider.requests[0]?.headers).not.toHaveProperty('authorization')
  })

  it('asks for Korean when the todo is written in Hangul', async () => {
    provider.answerWith(() => ({ json: completion({ steps: [{ content: '목차 잡기', estimatedMinutes: 60 }] }) }))
    const result = await breakDown({ content: '분기 보고서 작성', locale: 'en' })
    expect(systemPrompt(provider.requests[0])).toContain('write every step in Korean (한국어)')
    expect(userPrompt(provider.requests[0])).toContain('분기 보고서 작성')
    expect(result.proposals).toEqual([{ content: '목차 잡기', estimatedMinutes: 60 }])
  })

  it.each([
    { content: 'Write the report', locale: 'ko' as const, rule: 'in the same language as the task' },
    { content: '2025', locale: 'ko' as const, rule: 'Write every step in Korean (한국어).' },
    { content: '2025', locale: undefined, rule: 'Write every step in English.' },
  ])('follows the text of $content, and the locale hint ($locale) only when it has no letters', async (input) => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    await breakDown(input)
    expect(systemPrompt(provider.requests[0])).toContain(input.rule)
    expect(systemPrompt(provider.requests[0])).not.toContain(input.content === '2025' ? 'same language' : 'Korean')
  })

  it.each([
    { detail: 'coarse' as const, size: 'about 2-3 hours each' },
    { detail: 'fine' as const, size: 'about 15-30 minutes each' },
  ])('asks for steps of $size when detail is $detail', async ({ detail, size }) => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    await breakDown({ content: 'Write the report', detail })
    expect(systemPrompt(provider.requests[0])).toContain(size)
  })

  it('asks for exactly count steps and returns that many', async () => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    const result = await breakDown({ content: 'Write the report', count: 3 })
    expect(systemPrompt(provider.requests[0])).toContain('return exactly 3 steps')
    expect(result.proposals).toHaveLength(3)
  })

  it('keeps the first count steps when the model returns more', async () => {
    provider.answerWith(() => ({ json: completion(STEPS) }))
    const result = await breakDown({ content: 'Write the report', count: 2 })
    expect(result.proposals.map((p) => p.content)).toEqual(['Outline the report', 'Write the first draft'])
  })

  it('trims steps, drops empty ones, caps text at 255 characters, keeps minutes in 5-480 and returns at most 10', async () => {
    const steps = [
      { content: '  Outline\n the report  ', estimatedMinutes: 44.6 },
      { content: '   ', estimatedMinutes: 30 },
      { content: 'x'.repeat(300), estimatedMinutes: 0 },
      { content: 'Send it', estimatedMinutes: 10_000 },
      ...Array.from({ length: 10 }, (_, i) => ({ content: `Extra ${i}`, estimatedMinutes: 20 })),
    ]
    provider.answerWith(() => ({ json: completion({ steps }) }))
    const { proposals } = await breakDown({ content: 'Write the report' })
    expect(proposals).toHaveLength(10)
    expect(proposals.slice(0, 3)).toEqual([
      { content: 'Outline the report', estimatedMinutes: 45 },
      { content: `${'x'.repeat(254)}…`, estimatedMinutes: 5 },
      { content: 'Send it', estimatedMinutes: 480 },
    ])
    expect(Array.from(proposals[1]?.content ?? '')).toHaveLength(255)
  })

  it('accepts JSON wrapped in a Markdown code fence, as some local models send it', async () => {
    provider.answerWith(() => ({ json: completion('```json\n' + JSON.stringify(STEPS) + '\n```') }))
    const result = await breakDown({ content: 'Write the report' })
    expect(result.proposals).toHaveLength(3)
  })

  it.each<{ name: string; content: unknown; count?: number; reason: string | RegExp }>([
    { name: 'is not JSON', content: '{"steps": [{"content": "Outline"', reason: 'not JSON' },
    { name: 'is prose', content: 'Sure! Here are your steps: 1. Outline', reason: 'not JSON' },
    { name: 'is empty', content: null, reason: 'empty answer' },
    {
      name: 'has another shape',
      content: { subtodos: ['Outline'] },
      reason: /^does not match the schema: the answer must have required properties steps/,
    },
    {
      name: 'has a step of the wrong type',
      content: { steps: [{ content: 'Outline', estimatedMinutes: 'an hour' }] },
      reason: /^does not match the schema: \/steps\/0\/estimatedMinutes must be number/,
    },
    { name: 'has no steps', content: { steps: [] }, reason: 'no steps' },
    { name: 'has only blank steps', content: { steps: [{ content: ' ', estimatedMinutes: 5 }] }, reason: 'no steps' },
    { name: 'has fewer steps than count', content: STEPS, count: 5, reason: 'asked for 5 steps, got 3' },
  ])('fails with llm.malformed_output when the answer $name', async ({ content, count, reason }) => {
    provider.answerWith(() => ({ json: completion(content) }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report', count }))
    expect(error.code).toBe('llm.malformed_output')
    expect(error.reason).toMatch(reason)
    expect(error.retryable).toBe(true)
    expect(error.message).toMatch(/^The language model's answer was not usable: /)
  })

  it('fails with llm.malformed_output when the answer was cut off at the length limit', async () => {
    provider.answerWith(() => ({ json: completion('{"steps": [', { finish_reason: 'length' }) }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error).toMatchObject({ code: 'llm.malformed_output', reason: 'the answer was cut off (length limit)' })
  })

  it('fails with llm.refused when the model declines', async () => {
    provider.answerWith(() => ({ json: completion(null, { refusal: "I can't help with that." }) }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error).toMatchObject({ code: 'llm.refused', reason: "I can't help with that.", retryable: false })
  })

  it('fails with llm.refused when the content filter stopped the answer', async () => {
    provider.answerWith(() => ({ json: completion('', { finish_reason: 'content_filter' }) }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error.code).toBe('llm.refused')
  })

  it.each([500, 502, 503])(
    'fails with llm.provider_error carrying status %i, retryable, after a single request',
    async (status) => {
      provider.answerWith(() => ({
        status,
        json: { error: { message: 'The server is overloaded', type: 'server_error' } },
      }))
      const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
      expect(error).toMatchObject({
        code: 'llm.provider_error',
        status,
        reason: 'The server is overloaded',
        retryable: true,
      })
      expect(error.message).toBe(`The language model provider answered HTTP ${status}: The server is overloaded`)
      // Retries belong to the job, not to the client.
      expect(provider.requests).toHaveLength(1)
    },
  )

  it('fails with a non-retryable llm.provider_error on 401, with the key blanked out of the reason', async () => {
    provider.answerWith(() => ({
      status: 401,
      json: { error: { message: `Incorrect API key provided: ${API_KEY}`, type: 'invalid_request_error' } },
    }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error).toMatchObject({ code: 'llm.provider_error', status: 401, retryable: false })
    expect(error.reason).toBe('Incorrect API key provided: [redacted]')
    expect(error.message).not.toContain(API_KEY)
  })

  it('fails with llm.provider_error when a 200 is not a chat completion', async () => {
    provider.answerWith(() => ({ raw: '<html>LM Studio</html>', contentType: 'text/html' }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error).toMatchObject({ code: 'llm.provider_error', status: 200 })
  })

  it('fails with llm.provider_error without a status when nothing listens at the base URL', async () => {
    const closed = await startLlmServer()
    const baseUrl = closed.baseUrl
    await closed.close()
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }, { baseUrl }))
    expect(error).toMatchObject({ code: 'llm.provider_error', status: null, retryable: true })
  })

  it('fails with llm.timeout when the provider does not answer within timeoutMs', async () => {
    provider.answerWith(() => 'hang')
    const started = performance.now()
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }, { timeoutMs: 300 }))
    expect(error).toMatchObject({ code: 'llm.timeout', retryable: true })
    expect(error.message).toBe('The language model did not answer within 300 ms')
    expect(performance.now() - started).toBeLessThan(4_000)
    expect(provider.requests).toHaveLength(1)
  })

  it('rejects with the abort reason when the signal aborts while the provider is thinking', async () => {
    provider.answerWith(() => 'hang')
    const controller = new AbortController()
    const arrived = provider.nextRequest()
    const pending = breakDown({ content: 'Write the report', signal: controller.signal })
    await arrived
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await expect(pending).rejects.not.toBeInstanceOf(LlmError)
  })

  it('does not call the provider when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('job cancelled'))
    await expect(breakDown({ content: 'Write the report', signal: controller.signal })).rejects.toThrow('job cancelled')
    expect(provider.requests).toHaveLength(0)
  })

  it('asks again with json_object when the provider rejects json_schema with 400, and keeps using it', async () => {
    provider.answerWith((request) =>
      request.body.response_format.type === 'json_schema'
        ? { status: 400, json: { error: { message: "response_format 'json_schema' is not supported" } } }
        : { json: completion(STEPS) },
    )
    const engine = engineFor()
    const first = await engine.breakDown({ content: 'Write the report' })
    const second = await engine.breakDown({ content: 'Write the report' })

    expect(first.proposals).toHaveLength(3)
    expect(second.proposals).toHaveLength(3)
    expect(provider.requests.map((r) => r.body.response_format.type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ])
    // json_object mode needs the shape in the prompt itself.
    expect(systemPrompt(provider.requests[1])).toContain('{"steps":[{"content":"…","estimatedMinutes":60}]}')
  })

  it('fails with llm.provider_error 400 when json_object is rejected too', async () => {
    provider.answerWith(() => ({ status: 400, json: { error: { message: 'model not loaded' } } }))
    const error = await llmErrorOf(breakDown({ content: 'Write the report' }))
    expect(error).toMatchObject({ code: 'llm.provider_error', status: 400, retryable: false })
    expect(provider.requests).toHaveLength(2)
  })

  it('never writes the API key, or credentials in the base URL, to the log', async () => {
    const { log, lines } = captureLog()
    engineFor({ baseUrl: provider.baseUrl.replace('http://', 'http://user:hunter2@') }, log)
    const engine = engineFor({}, log)
    provider.answerWith(() => ({ status: 503, json: { error: { message: `bad key ${API_KEY}` } } }))
    await llmErrorOf(engine.breakDown({ content: 'Write the report' }))
    provider.answerWith(() => ({ json: completion(STEPS) }))
    await engine.breakDown({ content: 'Write the report' })
    expect(lines.join('\n')).toContain('AI breakdown uses a language model')
    expect(lines.join('\n')).toContain('LLM breakdown')
    expect(lines.join('\n')).not.toContain(API_KEY)
    expect(lines.join('\n')).not.toContain('hunter2')
  })
})

describe('createBreakdownEngine without a provider', () => {
  const engine = createBreakdownEngine({ baseUrl: null, apiKey: null, model: 'gpt-4o-mini', timeoutMs: 30_000 }, silent)

  it('answers from the offline splitter and says so', async () => {
    expect(engine.source).toBe('offline')
    await expect(engine.breakDown({ content: 'Buy milk; call mom' })).resolves.toEqual({
      source: 'offline',
      model: null,
      proposals: [
        { content: 'Buy milk', estimatedMinutes: 60 },
        { content: 'call mom', estimatedMinutes: 60 },
      ],
    })
  })

  it.each([
    { input: { content: '   ' }, message: 'breakDown needs the todo text' },
    { input: { content: 'Buy milk', count: 0 }, message: 'count must be an integer from 1 to 10 (got 0)' },
    { input: { content: 'Buy milk', count: 11 }, message: 'count must be an integer from 1 to 10 (got 11)' },
    { input: { content: 'Buy milk', count: 2.5 }, message: 'count must be an integer from 1 to 10 (got 2.5)' },
  ])('rejects input no route should let through: $message', async ({ input, message }) => {
    await expect(engine.breakDown(input)).rejects.toThrow(new RangeError(message))
  })

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(engine.breakDown({ content: 'Buy milk', signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
  })
})

describe('splitOffline', () => {
  const contents = (input: BreakdownInput) => splitOffline(input).map((p) => p.content)

  it.each<{ content: string; memo?: string; steps: string[] }>([
    { content: 'Buy milk; call mom; pay rent', steps: ['Buy milk', 'call mom', 'pay rent'] },
    { content: 'Buy milk, eggs, and bread.', steps: ['Buy milk', 'eggs', 'bread'] },
    { content: 'Wash the car and clean the garage', steps: ['Wash the car', 'clean the garage'] },
    { content: 'Write the report then send it to Sam', steps: ['Write the report', 'send it to Sam'] },
    { content: 'Draft the memo and then email the team', steps: ['Draft the memo', 'email the team'] },
    {
      content: 'Trip prep:\n- pack bags\n- book hotel\n- buy tickets',
      steps: ['pack bags', 'book hotel', 'buy tickets'],
    },
    { content: '1. Draft outline\n2) Write intro\n(3) Edit', steps: ['Draft outline', 'Write intro', 'Edit'] },
    { content: '- [ ] order parts\n- [x] call the shop', steps: ['order parts', 'call the shop'] },
    { content: 'Move house', memo: '* pack boxes\n* call movers', steps: ['pack boxes', 'call movers'] },
    // One task, not a list: a thousands separator, a compound noun, single words around "and".
    {
      content: 'Pay 1,000 dollars',
      steps: ['Plan: Pay 1,000 dollars', 'Do: Pay 1,000 dollars', 'Review: Pay 1,000 dollars'],
    },
    {
      content: 'Research and development plan',
      steps: [
        'Plan: Research and development plan',
        'Do: Research and development plan',
        'Review: Research and development plan',
      ],
    },
    {
      content: 'Prepare slides',
      memo: 'Use the new template',
      steps: ['Plan: Prepare slides', 'Do: Prepare slides', 'Review: Prepare slides'],
    },
  ])('splits the English todo "$content" into $steps', ({ content, memo, steps }) => {
    expect(contents({ content, memo })).toEqual(steps)
  })

  it.each<{ content: string; memo?: string; steps: string[] }>([
    { content: '청소하고 빨래하기', steps: ['청소하기', '빨래하기'] },
    { content: '보고서 작성하고 메일 보내기', steps: ['보고서 작성하기', '메일 보내기'] },
    { content: '보고서 작성 그리고 메일 보내기', steps: ['보고서 작성', '메일 보내기'] },
    { content: '자료 조사 및 발표 준비', steps: ['자료 조사', '발표 준비'] },
    { content: '장보기, 요리, 설거지', steps: ['장보기', '요리', '설거지'] },
    { content: '장보기; 요리', steps: ['장보기', '요리'] },
    { content: '여행 준비\n• 짐 싸기\n• 숙소 예약', steps: ['짐 싸기', '숙소 예약'] },
    { content: '① 초안 쓰기\n② 검토 받기', steps: ['초안 쓰기', '검토 받기'] },
    { content: '이사 준비', memo: '- 박스 사기\n- 업체 부르기', steps: ['박스 사기', '업체 부르기'] },
    { content: '이사 준비', steps: ['계획: 이사 준비', '실행: 이사 준비', '마무리: 이사 준비'] },
    // "배" alone is not a step: "사과 및 배" names the things to buy.
    { content: '사과 및 배', steps: ['계획: 사과 및 배', '실행: 사과 및 배', '마무리: 사과 및 배'] },
  ])('splits the Korean todo "$content" into $steps', ({ content, memo, steps }) => {
    expect(contents({ content, memo })).toEqual(steps)
  })

  it.each<{ input: BreakdownInput; steps: Array<[string, number]> }>([
    {
      input: { content: 'Tax return', detail: 'coarse' },
      steps: [
        ['Plan: Tax return', 60],
        ['Do: Tax return', 150],
      ],
    },
    {
      input: { content: 'Tax return' },
      steps: [
        ['Plan: Tax return', 30],
        ['Do: Tax return', 60],
        ['Review: Tax return', 30],
      ],
    },
    {
      input: { content: 'Tax return', detail: 'fine' },
      steps: [
        ['Plan: Tax return', 15],
        ['Prepare: Tax return', 15],
        ['Do: Tax return', 25],
        ['Check: Tax return', 15],
        ['Review: Tax return', 15],
      ],
    },
    { input: { content: 'Tax return', count: 1 }, steps: [['Do: Tax return', 60]] },
    {
      input: { content: 'Tax return', count: 7, detail: 'fine' },
      steps: [
        ['Plan: Tax return', 15],
        ['Prepare: Tax return', 15],
        ['Do (1/3): Tax return', 25],
        ['Do (2/3): Tax return', 25],
        ['Do (3/3): Tax return', 25],
        ['Check: Tax return', 15],
        ['Review: Tax return', 15],
      ],
    },
    {
      input: { content: '세금 신고', count: 4 },
      steps: [
        ['계획: 세금 신고', 30],
        ['준비: 세금 신고', 30],
        ['실행: 세금 신고', 60],
        ['마무리: 세금 신고', 30],
      ],
    },
    {
      input: { content: '2025', locale: 'ko', count: 2 },
      steps: [
        ['계획: 2025', 30],
        ['실행: 2025', 60],
      ],
    },
    {
      input: { content: '2025', count: 2 },
      steps: [
        ['Plan: 2025', 30],
        ['Do: 2025', 60],
      ],
    },
    {
      input: { content: 'Tax return', locale: 'ko', count: 2 },
      steps: [
        ['Plan: Tax return', 30],
        ['Do: Tax return', 60],
      ],
    },
    {
      input: { content: 'a task; b task; c task; d task; e task', count: 2 },
      steps: [
        ['a task, b task, c task', 180],
        ['d task, e task', 120],
      ],
    },
    {
      input: { content: 'one; two', count: 5, detail: 'fine' },
      steps: [
        ['one', 25],
        ['two', 25],
      ],
    },
  ])('sizes $input.content by detail $input.detail, count $input.count, locale $input.locale', ({ input, steps }) => {
    expect(splitOffline(input).map((p) => [p.content, p.estimatedMinutes])).toEqual(steps)
  })

  it('merges a list of more than 10 items into 10 steps, in order', () => {
    const items = Array.from({ length: 13 }, (_, i) => `item ${i + 1}`)
    const steps = contents({ content: items.join('\n') })
    expect(steps).toHaveLength(10)
    expect(steps.slice(0, 4)).toEqual(['item 1, item 2', 'item 3, item 4', 'item 5, item 6', 'item 7'])
    expect(steps.at(-1)).toBe('item 13')
  })

  it('keeps every step within 255 characters', () => {
    const steps = splitOffline({ content: 'Write '.repeat(100) })
    expect(steps.every((s) => Array.from(s.content).length <= 255)).toBe(true)
    expect(steps[0]?.content.startsWith('Plan: Write Write')).toBe(true)
    expect(steps[0]?.content.endsWith('…')).toBe(true)
  })

  it('is deterministic and never empty', () => {
    const inputs: BreakdownInput[] = [
      { content: 'x' },
      { content: '!!!' },
      { content: '-' },
      { content: ',,,' },
      { content: ' ; ' },
      { content: '\n\n' + 'a\n' },
      { content: '하고' },
      { content: 'and and' },
      { content: '보고서 작성', detail: 'coarse', count: 10 },
    ]
    for (const input of inputs) {
      const first = splitOffline(input)
      expect(first.length, input.content).toBeGreaterThan(0)
      expect(first.every((s) => s.content.length > 0 && s.estimatedMinutes >= 5)).toBe(true)
      expect(splitOffline(input)).toEqual(first)
    }
  })
})

describe('LLM configuration', () => {
  const base = { JWT_SECRET: 's'.repeat(40), DATA_DIR: '.data/llm-test-unused' }
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ ...base, ...env })
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      return (error as ConfigError).problems
    }
    throw new Error(`expected loadConfig to reject ${JSON.stringify(env)}`)
  }

  it('uses the offline splitter with default model and timeout when nothing is set', () => {
    expect(loadConfig(base).llm).toEqual({ baseUrl: null, apiKey: null, model: 'gpt-4o-mini', timeoutMs: 30_000 })
  })

  it('reads LLM_BASE_URL (without trailing slashes), LLM_API_KEY, LLM_MODEL and LLM_TIMEOUT_MS', () => {
    const config = loadConfig({
      ...base,
      LLM_BASE_URL: 'http://localhost:11434/v1/',
      LLM_API_KEY: 'ollama',
      LLM_MODEL: 'llama3.2',
      LLM_TIMEOUT_MS: '60000',
    })
    expect(config.llm).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      apiKey: 'ollama',
      model: 'llama3.2',
      timeoutMs: 60_000,
    })
  })

  it.each(['localhost:11434/v1', 'ftp://models.example/v1', 'not a url'])('rejects LLM_BASE_URL=%s', (url) => {
    expect(problemsOf({ LLM_BASE_URL: url })).toEqual([
      `LLM_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1 (got "${url}")`,
    ])
  })

  it('rejects LLM_API_KEY without LLM_BASE_URL rather than ignoring the key', () => {
    expect(problemsOf({ LLM_API_KEY: 'sk-x' })).toEqual([
      'LLM_API_KEY is set but LLM_BASE_URL is not (for OpenAI: LLM_BASE_URL=https://api.openai.com/v1)',
    ])
  })

  it.each(['50', '600001', 'soon'])('rejects LLM_TIMEOUT_MS=%s', (value) => {
    expect(problemsOf({ LLM_TIMEOUT_MS: value })).toEqual([
      `LLM_TIMEOUT_MS must be an integer from 100 to 600000 (got "${value}")`,
    ])
  })
})
