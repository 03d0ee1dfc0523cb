import {
  CLOSE_CODES,
  REALTIME_SUBPROTOCOL,
  REALTIME_TOKEN_PROTOCOL_PREFIX,
  type EventFrame,
  type ServerFrame,
  type StreamPosition,
} from '@madang/contracts'

/**
 * The app's one WebSocket to /ws. It authenticates with the access token as a subprotocol,
 * reconnects with jittered exponential backoff, resubscribes every channel with the last position
 * it saw (`since`) so the server replays what was missed, and tells a channel's owner to refetch
 * when the server could not recover (`recovered: false`). The user's own channel is joined on
 * connect and recovered the same way.
 */

export type ConnectionStatus = 'connecting' | 'online' | 'offline'

export interface ChannelHandlers {
  onEvent(event: EventFrame): void
  /** Events were lost (history expired, server restarted, first subscribe): reload over REST. */
  onResync?(): void
  /**
   * The server refused the subscription or ended it (`realtime.forbidden`: no access, or access
   * was withdrawn; `realtime.invalid_channel`). The channel is dropped and not subscribed again.
   */
  onEnded?(code: string): void
}

export interface RealtimeOptions {
  url: string
  /**
   * A valid access token, or null when signed out (the client then stays offline). `rejected` is
   * a token the server refused or asked to replace: answer with another one (refresh it).
   */
  getToken(rejected?: string): Promise<string | null>
  /** Called when the server says the session is over (revoked or signed out elsewhere). */
  onSessionEnded?(): void
  /** Backoff bounds in ms; tests shorten them. */
  minDelayMs?: number
  maxDelayMs?: number
  /** A socket not welcomed within this many ms is given up and tried again (it may hang in CONNECTING). */
  connectTimeoutMs?: number
  createSocket?: (url: string, protocols: string[]) => WebSocket
  random?: () => number
}

interface Channel {
  position: StreamPosition | null
  handlers: Set<ChannelHandlers>
}

interface PendingCommand {
  resolve(data: unknown): void
  reject(error: RealtimeCommandError): void
}

/** Answers to a subscribe that mean it will never succeed for this user as things stand. */
const ENDING_CODES = new Set(['realtime.forbidden', 'realtime.invalid_channel'])

export class RealtimeCommandError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'RealtimeCommandError'
    this.code = code
  }
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with full jitter above half. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export class RealtimeClient {
  private readonly options: Required<Omit<RealtimeOptions, 'onSessionEnded'>> & Pick<RealtimeOptions, 'onSessionEnded'>
  private socket: WebSocket | null = null
  private statusValue: ConnectionStatus = 'offline'
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>()
  private readonly channels = new Map<string, Channel>()
  private readonly pending = new Map<string, PendingCommand>()
  /** Subscribes waiting for their answer: ref → the channel's key. */
  private readonly subscribing = new Map<string, string>()
  private userChannel: string | null = null
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private connectTimer: ReturnType<typeof setTimeout> | null = null
  private isStopped = true
  private nextRef = 0
  /** The token the current socket signed in with, and one the server refused (refresh before reuse). */
  private token: string | null = null
  private rejectedToken: string | null = null
  /** Bumped by stop(): a token lookup that started before it must not open a socket after it. */
  private generation = 0

  constructor(options: RealtimeOptions) {
    this.options = {
      minDelayMs: 500,
      maxDelayMs: 30_000,
      connectTimeoutMs: 15_000,
      createSocket: (url, protocols) => new WebSocket(url, protocols),
      random: Math.random,
      ...options,
    }
  }

  get status(): ConnectionStatus {
    return this.statusValue
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (!this.isStopped) return
    this.isStopped = false
    this.connect()
  }

  /** Closes the socket and stops reconnecting; subscriptions are kept for the next start. */
  stop(): void {
    this.isStopped = true
    this.generation += 1
    this.clearTimers()
    const socket = this.socket
    this.socket = null
    socket?.close(1000, 'client stopped')
    this.failPending('realtime.disconnected')
    this.setStatus('offline')
  }

  /**
   * Reconnects now instead of waiting for the backoff (e.g. the browser came back online). A
   * socket still trying to connect is replaced: it was started on the network that just changed.
   */
  reconnectNow(): void {
    if (this.isStopped || this.statusValue === 'online') return
    const pending = this.socket
    // Connecting without a socket yet: the token is being fetched and a socket comes right after.
    if (this.statusValue === 'connecting' && pending === null) return
    if (pending !== null) {
      this.socket = null
      pending.close()
    }
    this.clearTimers()
    this.attempt = 0
    this.connect()
  }

  /**
   * Listens to a channel. `'user'` names the signed-in user's own channel. Returns a function that
   * stops listening (and unsubscribes when nobody else listens).
   */
  subscribe(channel: string, handlers: ChannelHandlers): () => void {
    let entry = this.channels.get(channel)
    const isNew = entry === undefined
    if (entry === undefined) {
      entry = { position: null, handlers: new Set() }
      this.channels.set(channel, entry)
    }
    entry.handlers.add(handlers)
    if (isNew && this.statusValue === 'online') this.sendSubscribe(channel)
    return () => {
      const current = this.channels.get(channel)
      if (current === undefined) return
      current.handlers.delete(handlers)
      if (current.handlers.size > 0) return
      this.channels.delete(channel)
      if (this.statusValue === 'online' && this.resolveChannel(channel) !== this.userChannel) {
        this.sendFrame({ type: 'unsubscribe', channel: this.resolveChannel(channel) })
      }
    }
  }

  /** Sends a module command (`rides.location`, …) and resolves with its result. */
  command(type: `${string}.${string}`, fields: Record<string, unknown> = {}): Promise<unknown> {
    if (this.statusValue !== 'online') {
      return Promise.reject(new RealtimeCommandError('realtime.disconnected', 'not connected'))
    }
    const ref = this.ref()
    return new Promise((resolve, reject) => {
      this.pending.set(ref, { resolve, reject })
      this.sendFrame({ ...fields, type, ref })
    })
  }

  private resolveChannel(channel: string): string {
    return channel === 'user' ? (this.userChannel ?? channel) : channel
  }

  private ref(): string {
    this.nextRef += 1
    return `r${this.nextRef}`
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return
    this.statusValue = status
    for (const listener of this.statusListeners) listener(status)
  }

  private connect(): void {
    this.setStatus('connecting')
    const generation = this.generation
    void this.options
      .getToken(this.rejectedToken ?? undefined)
      .then((token) => {
        if (this.isStopped || generation !== this.generation) return
        if (token === null) {
          this.setStatus('offline')
          return
        }
        this.token = token
        this.rejectedToken = null
        const socket = this.options.createSocket(this.options.url, [
          REALTIME_SUBPROTOCOL,
          `${REALTIME_TOKEN_PROTOCOL_PREFIX}${token}`,
        ])
        this.socket = socket
        this.connectTimer = setTimeout(() => {
          this.connectTimer = null
          if (this.socket !== socket) return
          socket.close()
          this.handleClose(1006)
        }, this.options.connectTimeoutMs)
        socket.onmessage = (message) => {
          if (this.socket === socket) this.handle(String(message.data))
        }
        socket.onclose = (event) => {
          if (this.socket === socket) this.handleClose(event.code)
        }
      })
      .catch(() => {
        if (!this.isStopped && generation === this.generation) this.scheduleReconnect()
      })
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.clearConnectTimer()
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer)
    this.connectTimer = null
  }

  private handleClose(code: number): void {
    this.socket = null
    this.clearConnectTimer()
    this.failPending('realtime.disconnected')
    this.setStatus('offline')
    // The token was refused (expired by the server's clock, or not valid any more): do not offer it again.
    if (code === CLOSE_CODES.unauthorized || code === CLOSE_CODES.tokenExpired) this.rejectedToken = this.token
    if (code === CLOSE_CODES.sessionRevoked) {
      this.isStopped = true
      this.options.onSessionEnded?.()
      return
    }
    if (!this.isStopped) this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    this.setStatus('offline')
    const delay = backoffDelay(this.attempt, this.options.minDelayMs, this.options.maxDelayMs, this.options.random)
    this.attempt += 1
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.isStopped) this.connect()
    }, delay)
  }

  private handle(raw: string): void {
    let frame: ServerFrame
    try {
      frame = JSON.parse(raw) as ServerFrame
    } catch {
      return
    }
    switch (frame.type) {
      case 'welcome': {
        this.attempt = 0
        this.clearConnectTimer()
        if (this.userChannel !== null && this.userChannel !== frame.channel) {
          // Another account: positions of the previous one mean nothing here.
          for (const entry of this.channels.values()) entry.position = null
        }
        this.userChannel = frame.channel
        this.setStatus('online')
        // The own channel is joined live already; subscribing again with `since` replays what was missed.
        for (const channel of this.channels.keys()) this.sendSubscribe(channel)
        return
      }
      case 'subscribed': {
        if (frame.ref !== undefined) this.subscribing.delete(frame.ref)
        const entry = this.channels.get(this.aliasOf(frame.channel))
        if (entry === undefined) return
        const hadPosition = entry.position !== null
        entry.position = { offset: frame.offset, epoch: frame.epoch }
        if (!frame.recovered || !hadPosition) for (const handlers of entry.handlers) handlers.onResync?.()
        return
      }
      case 'event': {
        const entry = this.channels.get(this.aliasOf(frame.channel))
        if (entry === undefined) return
        entry.position = { offset: frame.offset, epoch: frame.epoch }
        for (const handlers of entry.handlers) handlers.onEvent(frame)
        return
      }
      case 'refresh_required':
        this.options
          .getToken(this.token ?? undefined)
          .then((token) => {
            if (token === null) return
            this.token = token
            this.sendFrame({ type: 'refresh', token })
          })
          // No new token now (e.g. the network is down): the server closes the socket at the deadline and we reconnect.
          .catch(() => undefined)
        return
      case 'result':
        this.takePending(frame.ref)?.resolve(frame.data)
        return
      case 'error': {
        const channel = frame.ref === undefined ? undefined : this.subscribing.get(frame.ref)
        if (channel !== undefined) {
          this.subscribing.delete(frame.ref as string)
          // Other failures (realtime.internal) are retried with the next connection.
          if (ENDING_CODES.has(frame.code)) this.endChannel(channel, frame.code)
          return
        }
        this.takePending(frame.ref)?.reject(new RealtimeCommandError(frame.code, frame.message))
        return
      }
      case 'unsubscribed':
        // Without a ref, the server ended the subscription itself (the user lost access).
        if (frame.ref === undefined && frame.code !== undefined)
          this.endChannel(this.aliasOf(frame.channel), frame.code)
        return
      case 'pong':
      case 'refreshed':
        return
      default: {
        const unknown: never = frame
        return unknown
      }
    }
  }

  /** Channels are keyed as their subscribers named them; the own channel is always `'user'`. */
  private aliasOf(channel: string): string {
    return channel === this.userChannel ? 'user' : channel
  }

  private sendSubscribe(channel: string): void {
    const entry = this.channels.get(channel)
    const since = entry?.position ?? undefined
    const ref = this.ref()
    this.subscribing.set(ref, channel)
    this.sendFrame({ type: 'subscribe', ref, channel: this.resolveChannel(channel), ...(since ? { since } : {}) })
  }

  private endChannel(channel: string, code: string): void {
    const entry = this.channels.get(channel)
    if (entry === undefined || channel === 'user') return
    this.channels.delete(channel)
    for (const handlers of entry.handlers) handlers.onEnded?.(code)
  }

  private sendFrame(frame: Record<string, unknown>): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(frame))
  }

  /** The command waiting for the answer with this ref, removed from the waiting list. */
  private takePending(ref: string | undefined): PendingCommand | undefined {
    if (ref === undefined) return undefined
    const pending = this.pending.get(ref)
    this.pending.delete(ref)
    return pending
  }

  private failPending(code: string): void {
    this.subscribing.clear()
    for (const pending of this.pending.values()) pending.reject(new RealtimeCommandError(code, code))
    this.pending.clear()
  }
}
