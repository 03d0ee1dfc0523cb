import { REALTIME_SUBPROTOCOL, REALTIME_TOKEN_PROTOCOL_PREFIX, type ServerFrame } from '@madang/contracts'
import { WebSocket } from 'ws'

/** A WebSocket test client that records every frame and lets a test wait for the ones it expects. */
export interface TestSocket {
  socket: WebSocket
  frames: ServerFrame[]
  send(frame: unknown): void
  sendRaw(data: string | Buffer): void
  /** Resolves with the first recorded frame (past or future) matching `predicate`. */
  next<T extends ServerFrame = ServerFrame>(predicate: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<T>
  /** Resolves when the socket closes, with the code and reason. */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>
  close(): void
}

export async function openTestSocket(
  baseUrl: string,
  options: { token?: string; via?: 'protocol' | 'query'; headers?: Record<string, string>; path?: string } = {},
): Promise<TestSocket> {
  const wsUrl = new URL(options.path ?? '/ws', baseUrl.replace(/^http/, 'ws'))
  const protocols = [REALTIME_SUBPROTOCOL]
  if (options.token !== undefined) {
    if (options.via === 'query') wsUrl.searchParams.set('token', options.token)
    else protocols.push(`${REALTIME_TOKEN_PROTOCOL_PREFIX}${options.token}`)
  }
  const socket = new WebSocket(wsUrl, protocols, { headers: options.headers })
  const frames: ServerFrame[] = []
  const waiters = new Set<() => void>()
  let closeInfo: { code: number; reason: string } | null = null
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')) as ServerFrame)
    for (const wake of waiters) wake()
  })
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString('utf8') }
    for (const wake of waiters) wake()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const wake = () => {
        const value = check()
        if (value === undefined) return
        waiters.delete(wake)
        clearTimeout(timer)
        resolve(value)
      }
      const timer = setTimeout(() => {
        waiters.delete(wake)
        reject(new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(frames)}`))
      }, timeoutMs)
      waiters.add(wake)
      wake()
    })
  return {
    socket,
    frames,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendRaw: (data) => socket.send(data),
    next: <T extends ServerFrame>(predicate: (frame: ServerFrame) => boolean, timeoutMs = 5000) =>
      waitFor(() => frames.find(predicate) as T | undefined, timeoutMs, 'a matching frame'),
    closed: (timeoutMs = 5000) => waitFor(() => closeInfo ?? undefined, timeoutMs, 'close'),
    close: () => socket.close(),
  }
}
