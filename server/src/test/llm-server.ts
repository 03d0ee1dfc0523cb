import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the fake provider was sent. */
export interface ChatRequest {
  model: string
  messages: Array<{ role: string; content: string }>
  response_format: { type: string; json_schema?: { name: string; strict: boolean; schema: Record<string, unknown> } }
}

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: ChatRequest
}

/** How the fake provider answers one request: a JSON body, raw text, or nothing at all. */
export type Reply = { status?: number; json: unknown } | { status?: number; raw: string; contentType: string } | 'hang'

export interface TestLlmServer {
  /** The base URL to configure (LLM_BASE_URL), ending in /v1. */
  baseUrl: string
  /** Every chat completion request received, oldest first. */
  requests: ReceivedRequest[]
  answerWith(next: (request: ReceivedRequest) => Reply): void
  /** Resolves once the next request has arrived. */
  nextRequest(): Promise<void>
  /** Forgets the requests and drops open connections (a hanging answer among them). */
  reset(): void
  close(): Promise<void>
}

/**
 * A local OpenAI-compatible server: real HTTP on 127.0.0.1, answering POST /v1/chat/completions
 * with whatever the current test says, and recording every request it gets.
 */
export async function startLlmServer(): Promise<TestLlmServer> {
  const requests: ReceivedRequest[] = []
  let answer: (request: ReceivedRequest) => Reply = () => ({ json: completion({ steps: [] }) })
  let onRequest: (() => void) | null = null
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }))
        return
      }
      const received: ReceivedRequest = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest,
      }
      requests.push(received)
      onRequest?.()
      const reply = answer(received)
      if (reply === 'hang') return
      if ('json' in reply) {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(reply.json))
      } else {
        res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType })
        res.end(reply.raw)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    answerWith(next) {
      answer = next
    },
    nextRequest: () => new Promise<void>((resolve) => (onRequest = resolve)),
    reset() {
      requests.length = 0
      onRequest = null
      server.closeAllConnections()
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A chat completion whose message content is `content` (JSON-encoded unless already a string). */
export function completion(content: unknown, choice: { finish_reason?: string; refusal?: string | null } = {}) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model-2025-01-01',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: typeof content === 'string' || content === null ? content : JSON.stringify(content),
          refusal: choice.refusal ?? null,
        },
        finish_reason: choice.finish_reason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  }
}

export function systemPrompt(request: ReceivedRequest | undefined): string {
  return request?.body.messages.find((m) => m.role === 'system')?.content ?? ''
}

export function userPrompt(request: ReceivedRequest | undefined): string {
  return request?.body.messages.find((m) => m.role === 'user')?.content ?? ''
}
