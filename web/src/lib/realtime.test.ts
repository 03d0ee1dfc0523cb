import { CLOSE_CODES, REALTIME_SUBPROTOCOL, type EventFrame, type ServerFrame } from '@madang/contracts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, RealtimeClient, RealtimeCommandError, type RealtimeOptions } from './realtime.ts'

/** A WebSocket stand-in the test drives: it records what the client sends and plays the server's part. */
class FakeSocket {
  readyState = 0
  readonly sent: Array<Record<string, unknown>> = []
  closedWith: { code: number; reason: string } | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number }) => void) | null = null

  readonly url: string
  readonly protocols: string[]

  constructor(url: string, protocols: string[]) {
    this.url = url
    this.protocols = protocols
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>)
  }

  close(code = 1000, reason = ''): void {
    this.closedWith = { code, reason }
    this.readyState = 3
  }

  /** The server accepts the socket and says welcome. */
  accept(channel = 'user:u1'): void {
    this.readyState = 1
    this.receive({ type: 'welcome', userId: 'u1', sessionId: 's1', channel })
  }

  receive(frame: ServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }

  /** The connection ends from the server's side (or the network's, code 1006). */
  drop(code = 1006): void {
    this.readyState = 3
    this.onclose?.({ code })
  }

  framesOfType(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((frame) => frame.type === type)
  }

  /** The subscribe frames sent, without their refs (each is checked to carry one). */
  subscribes(): Array<Record<string, unknown>> {
    return this.framesOfType('subscribe').map(({ ref, ...frame }) => {
      expect(ref).toEqual(expect.any(String))
      return frame
    })
  }
}

function event(channel: string, offset: number, epoch = 'e1'): EventFrame {
  return { type: 'event', channel, offset, epoch, event: 'planner.todo_created', data: { offset } }
}

/** Lets the client's pending promises (token lookups) settle. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve()
}

let sockets: FakeSocket[]
let tokens: string[]
/** What each getToken call was told the server refused. */
let rejectedTokens: Array<string | undefined>

function newClient(overrides: Partial<RealtimeOptions> = {}): RealtimeClient {
  let issued = 0
  return new RealtimeClient({
    url: 'ws://test/ws',
    getToken: async (rejected) => {
      rejectedTokens.push(rejected)
      issued += 1
      const token = `token-${issued}`
      tokens.push(token)
      return token
    },
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0,
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols)
      sockets.push(socket)
      return socket as unknown as WebSocket
    },
    ...overrides,
  })
}

function lastSocket(): FakeSocket {
  const socket = sockets.at(-1)
  if (socket === undefined) throw new Error('no socket was opened')
  return socket
}

async function connected(client: RealtimeClient): Promise<FakeSocket> {
  client.start()
  await flush()
  const socket = lastSocket()
  socket.accept()
  return socket
}

beforeEach(() => {
  vi.useFakeTimers()
  sockets = []
  tokens = []
  rejectedTokens = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('backoffDelay', () => {
  it('stays between half the ceiling and the ceiling, whatever the random draw', () => {
    for (const draw of [0, 0.25, 0.5, 0.999]) {
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const ceiling = Math.min(30_000, 500 * 2 ** attempt)
        const delay = backoffDelay(attempt, 500, 30_000, () => draw)
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
        expect(delay).toBeLessThanOrEqual(ceiling)
      }
    }
  })

  it('doubles with every attempt until the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 500, 30_000, () => 1))
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
  })
})

describe('RealtimeClient', () => {
  it('connects with the subprotocol and the access token, and is online after the welcome', async () => {
    const client = newClient()
    const statuses: string[] = []
    client.onStatus((status) => statuses.push(status))
    client.start()
    expect(client.status).toBe('connecting')
    await flush()
    const socket = lastSocket()
    expect(socket.url).toBe('ws://test/ws')
    expect(socket.protocols).toEqual([REALTIME_SUBPROTOCOL, 'bearer.token-1'])
    socket.accept()
    expect(client.status).toBe('online')
    expect(statuses).toEqual(['connecting', 'online'])
  })

  it('stays offline without a token (signed out)', async () => {
    const client = newClient({ getToken: async () => null })
    client.start()
    await flush()
    expect(sockets).toHaveLength(0)
    expect(client.status).toBe('offline')
  })

  it('reconnects after growing delays and starts over after a welcome', async () => {
    const client = newClient()
    await connected(client)
    const waits: number[] = []
    for (let round = 0; round < 6; round += 1) {
      lastSocket().drop()
      expect(client.status).toBe('offline')
      const before = sockets.length
      let waited = 0
      while (sockets.length === before) {
        await vi.advanceTimersByTimeAsync(10)
        await flush()
        waited += 10
        if (waited > 5000) throw new Error('never reconnected')
      }
      waits.push(waited)
    }
    // random() = 0 gives half the ceiling: 50, 100, 200, 400, then the cap 1000 / 2.
    expect(waits).toEqual([50, 100, 200, 400, 500, 500])

    lastSocket().accept()
    lastSocket().drop()
    const before = sockets.length
    await vi.advanceTimersByTimeAsync(50)
    await flush()
    expect(sockets.length).toBe(before + 1)
  })

  it('reconnects at once when asked (the browser came back online) instead of waiting', async () => {
    const client = newClient({ minDelayMs: 10_000, maxDelayMs: 60_000 })
    await connected(client)
    lastSocket().drop()
    client.reconnectNow()
    await flush()
    expect(sockets).toHaveLength(2)
  })

  it('gives up on a socket that is never welcomed and tries again', async () => {
    const client = newClient({ connectTimeoutMs: 5000 })
    client.start()
    await flush()
    const hanging = lastSocket()
    await vi.advanceTimersByTimeAsync(4900)
    expect(sockets).toHaveLength(1)
    expect(client.status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(100)
    expect(hanging.closedWith).not.toBeNull()
    expect(client.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(50)
    await flush()
    expect(sockets).toHaveLength(2)
    lastSocket().accept()
    // A late message of the abandoned socket changes nothing.
    hanging.drop()
    expect(client.status).toBe('online')
  })

  it('replaces a socket still trying to connect when asked to reconnect now', async () => {
    const client = newClient()
    client.start()
    await flush()
    const hanging = lastSocket()
    client.reconnectNow()
    await flush()
    expect(hanging.closedWith).not.toBeNull()
    expect(sockets).toHaveLength(2)
    lastSocket().accept()
    hanging.drop()
    expect(client.status).toBe('online')
    client.reconnectNow()
    await flush()
    expect(sockets).toHaveLength(2)
  })

  it('resubscribes every channel after a reconnect with the last position it saw', async () => {
    const client = newClient()
    const seen: number[] = []
    client.subscribe('rides:trip:1', { onEvent: (frame) => seen.push(frame.offset) })
    const first = await connected(client)
    expect(first.subscribes()).toEqual([{ type: 'subscribe', channel: 'rides:trip:1' }])
    first.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 3, epoch: 'e1', recovered: true })
    first.receive(event('rides:trip:1', 4))
    first.receive(event('rides:trip:1', 5))
    first.drop()

    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    const second = lastSocket()
    expect(second).not.toBe(first)
    second.accept()
    expect(second.subscribes()).toEqual([
      { type: 'subscribe', channel: 'rides:trip:1', since: { offset: 5, epoch: 'e1' } },
    ])
    // The server replays what was missed after `since`.
    second.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 7, epoch: 'e1', recovered: true })
    second.receive(event('rides:trip:1', 6))
    second.receive(event('rides:trip:1', 7))
    expect(seen).toEqual([4, 5, 6, 7])
  })

  it('asks for a refetch on the first subscribe and when the server could not recover, not after a recovery', async () => {
    const client = newClient()
    const onResync = vi.fn()
    client.subscribe('rides:trip:1', { onEvent: () => {}, onResync })
    const first = await connected(client)
    first.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 3, epoch: 'e1', recovered: true })
    expect(onResync).toHaveBeenCalledTimes(1)

    first.drop()
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    const second = lastSocket()
    second.accept()
    second.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 3, epoch: 'e1', recovered: true })
    expect(onResync).toHaveBeenCalledTimes(1)

    second.drop()
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    const third = lastSocket()
    third.accept()
    third.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 0, epoch: 'e2', recovered: false })
    expect(onResync).toHaveBeenCalledTimes(2)
  })

  it('ends the session and stops reconnecting when the server revokes it', async () => {
    const onSessionEnded = vi.fn()
    const client = newClient({ onSessionEnded })
    const socket = await connected(client)
    socket.drop(CLOSE_CODES.sessionRevoked)
    expect(onSessionEnded).toHaveBeenCalledTimes(1)
    expect(client.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    await flush()
    expect(sockets).toHaveLength(1)
    client.reconnectNow()
    await flush()
    expect(sockets).toHaveLength(1)
  })

  it('answers refresh_required with a refresh frame carrying a new token', async () => {
    const client = newClient()
    const socket = await connected(client)
    socket.receive({ type: 'refresh_required', deadline: new Date(Date.now() + 30_000).toISOString() })
    await flush()
    expect(socket.framesOfType('refresh')).toEqual([{ type: 'refresh', token: 'token-2' }])
    expect(tokens).toEqual(['token-1', 'token-2'])
    expect(rejectedTokens).toEqual([undefined, 'token-1'])
  })

  it('lets the server close the socket when no new token can be had for refresh_required', async () => {
    let calls = 0
    const client = newClient({
      getToken: async () => {
        calls += 1
        if (calls > 1) throw new Error('network down')
        return 'token-1'
      },
    })
    const socket = await connected(client)
    socket.receive({ type: 'refresh_required', deadline: new Date(Date.now() + 30_000).toISOString() })
    await flush()
    expect(socket.framesOfType('refresh')).toEqual([])
    expect(client.status).toBe('online')
  })

  it('asks for another token after the server refused one, and not after other closes', async () => {
    const client = newClient()
    const first = await connected(client)
    first.drop(1006)
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    lastSocket().drop(CLOSE_CODES.unauthorized)
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    lastSocket().drop(CLOSE_CODES.tokenExpired)
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    expect(rejectedTokens).toEqual([undefined, undefined, 'token-2', 'token-3'])
    expect(lastSocket().protocols[1]).toBe('bearer.token-4')
  })

  it('matches command results and errors to their commands by ref', async () => {
    const client = newClient()
    const socket = await connected(client)
    const first = client.command('rides.location', { lat: 1 })
    const second = client.command('rides.location', { lat: 2 })
    const [one, two] = socket.framesOfType('rides.location')
    expect(one).toMatchObject({ lat: 1 })
    expect(two).toMatchObject({ lat: 2 })
    expect(one?.ref).not.toBe(two?.ref)

    socket.receive({ type: 'error', ref: String(two?.ref), code: 'rides.not_driver', message: 'Not a driver' })
    socket.receive({ type: 'result', ref: String(one?.ref), data: { ok: 1 } })
    await expect(first).resolves.toEqual({ ok: 1 })
    const error = await second.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RealtimeCommandError)
    expect(error).toMatchObject({ code: 'rides.not_driver', message: 'Not a driver' })
  })

  it('fails commands that are waiting when the socket drops, and refuses new ones while offline', async () => {
    const client = newClient()
    const socket = await connected(client)
    const waiting = client.command('rides.location', {})
    socket.drop()
    await expect(waiting).rejects.toMatchObject({ code: 'realtime.disconnected' })
    await expect(client.command('rides.location', {})).rejects.toMatchObject({ code: 'realtime.disconnected' })
  })

  it("names the user's own channel 'user': events reach it and it is never unsubscribed", async () => {
    const client = newClient()
    const seen: number[] = []
    const stop = client.subscribe('user', { onEvent: (frame) => seen.push(frame.offset) })
    const socket = await connected(client)
    expect(socket.subscribes()).toEqual([{ type: 'subscribe', channel: 'user:u1' }])
    socket.receive({ type: 'subscribed', channel: 'user:u1', offset: 1, epoch: 'e1', recovered: true })
    socket.receive(event('user:u1', 2))
    expect(seen).toEqual([2])
    stop()
    expect(socket.framesOfType('unsubscribe')).toEqual([])
  })

  it('subscribes a channel added while online at once and unsubscribes when its last listener leaves', async () => {
    const client = newClient()
    const socket = await connected(client)
    const stopA = client.subscribe('rides:trip:9', { onEvent: () => {} })
    const stopB = client.subscribe('rides:trip:9', { onEvent: () => {} })
    expect(socket.subscribes()).toEqual([{ type: 'subscribe', channel: 'rides:trip:9' }])
    stopA()
    expect(socket.framesOfType('unsubscribe')).toEqual([])
    stopB()
    expect(socket.framesOfType('unsubscribe')).toEqual([{ type: 'unsubscribe', channel: 'rides:trip:9' }])
  })

  it('drops a channel the server ends itself, tells its listeners why, and does not resubscribe it', async () => {
    const client = newClient()
    const ended: string[] = []
    const seen: number[] = []
    const stop = client.subscribe('rides:trip:1', {
      onEvent: (frame) => seen.push(frame.offset),
      onEnded: (code) => ended.push(code),
    })
    const first = await connected(client)
    first.receive({ type: 'subscribed', channel: 'rides:trip:1', offset: 1, epoch: 'e1', recovered: true })
    first.receive({ type: 'unsubscribed', channel: 'rides:trip:1', code: 'realtime.forbidden', message: 'no' })
    expect(ended).toEqual(['realtime.forbidden'])
    first.receive(event('rides:trip:1', 2))
    expect(seen).toEqual([])

    first.drop()
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    lastSocket().accept()
    expect(lastSocket().subscribes()).toEqual([])
    stop()
    expect(lastSocket().framesOfType('unsubscribe')).toEqual([])
  })

  it('ends a channel whose subscribe is refused as forbidden, and retries one that failed inside the server', async () => {
    const client = newClient()
    const ended: string[] = []
    client.subscribe('rides:trip:1', { onEvent: () => {}, onEnded: (code) => ended.push(code) })
    client.subscribe('rides:trip:2', { onEvent: () => {}, onEnded: (code) => ended.push(code) })
    const first = await connected(client)
    const [refused, failed] = first.framesOfType('subscribe')
    first.receive({ type: 'error', ref: refused?.ref as string, code: 'realtime.forbidden', message: 'no' })
    first.receive({ type: 'error', ref: failed?.ref as string, code: 'realtime.internal', message: 'later' })
    expect(ended).toEqual(['realtime.forbidden'])

    first.drop()
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    lastSocket().accept()
    expect(lastSocket().subscribes()).toEqual([{ type: 'subscribe', channel: 'rides:trip:2' }])
  })

  it('ignores the answer to its own unsubscribe and a server end of a channel it no longer holds', async () => {
    const client = newClient()
    const onEnded = vi.fn()
    const socket = await connected(client)
    const stop = client.subscribe('rides:trip:3', { onEvent: () => {}, onEnded })
    stop()
    socket.receive({ type: 'unsubscribed', ref: 'r9', channel: 'rides:trip:3' })
    socket.receive({ type: 'unsubscribed', channel: 'rides:trip:3', code: 'realtime.forbidden', message: 'no' })
    expect(onEnded).not.toHaveBeenCalled()
  })

  it('keeps one socket when stopped and started again while the token is still being fetched', async () => {
    const client = newClient()
    client.start()
    client.stop()
    client.start()
    await flush()
    const open = sockets.filter((socket) => socket.closedWith === null)
    expect(open).toHaveLength(1)
    open[0]?.accept()
    expect(client.status).toBe('online')
  })
})
