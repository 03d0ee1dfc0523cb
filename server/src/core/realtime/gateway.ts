import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  CLOSE_CODES,
  PingFrame,
  REALTIME_SUBPROTOCOL,
  REALTIME_TOKEN_PROTOCOL_PREFIX,
  RefreshFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  type Locale,
  type ServerFrame,
  type StreamPosition,
} from '@madang/contracts'
import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import { WebSocket, WebSocketServer } from 'ws'
import type { Actor, ActorResolver } from '../auth/actor.ts'
import type { AccessTokenService } from '../auth/tokens.ts'
import type { Clock } from '../clock.ts'
import { AppError } from '../errors/app-error.ts'
import type { I18n } from '../i18n/index.ts'
import {
  ACCESS_CHANGED_EVENT,
  authorizeUserChannel,
  parseChannel,
  userChannel,
  type ChannelAuthorizer,
} from './channels.ts'
import type { ChannelEvent, ChannelLayer, Recovery } from './layer.ts'
import type { GatewaySettings } from './settings.ts'

/**
 * The WebSocket gateway at /ws. It authenticates sockets (bearer subprotocol, ?token=, or a first
 * `refresh` frame within the auth timeout), joins each to its user channel, serves subscribe /
 * unsubscribe with recovery from the channel layer's history, routes module commands, and keeps
 * every connection bounded: payload size, frame rate, outgoing buffer, heartbeats, token expiry.
 * Bad input from one socket never reaches another. Two events on a user channel steer its sockets
 * instead of reaching the client: a revoked session closes them, and `realtime.access_changed`
 * has them check a subscription again and end it when access is gone.
 */

/** A module command (`{ type: 'rides.location', ... }`): schema-checked, then handled for the actor. */
export interface CommandDefinition {
  schema: TSchema
  handle(actor: Actor, frame: Record<string, unknown>): Promise<unknown>
}

/** Event on a user channel that ends one session's sockets (sign-out, device revoked). */
export const SESSION_REVOKED_EVENT = 'accounts.session_revoked'

export interface GatewayOptions {
  layer: ChannelLayer
  accessTokens: AccessTokenService
  resolveActor: ActorResolver
  authorizers: ReadonlyMap<string, ChannelAuthorizer>
  commands: ReadonlyMap<string, CommandDefinition>
  settings: GatewaySettings
  clock: Clock
  log: Logger
  i18n: I18n
}

export interface Gateway {
  readonly connectionCount: number
  close(): Promise<void>
}

interface Connection {
  socket: WebSocket
  actor: Actor | null
  locale: Locale
  subscriptions: Map<string, () => void>
  /** Frames are handled one at a time per connection, so replies keep the order of requests. */
  queue: Promise<void>
  tokens: number
  lastRefill: number
  strikes: number
  isAlive: boolean
  timers: Set<NodeJS.Timeout>
  isClosing: boolean
}

const checkers = {
  subscribe: Compile(SubscribeFrame),
  unsubscribe: Compile(UnsubscribeFrame),
  refresh: Compile(RefreshFrame),
  ping: Compile(PingFrame),
}

export function attachGateway(server: Server, options: GatewayOptions): Gateway {
  const { settings, layer, log } = options
  const connections = new Set<Connection>()
  const commandCheckers = new Map([...options.commands].map(([type, def]) => [type, Compile(def.schema)]))
  const eventFrames = new WeakMap<ChannelEvent, string>()
  const authorizers = new Map(options.authorizers)
  authorizers.set('user', authorizeUserChannel)

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayloadBytes,
    handleProtocols: (protocols) =>
      protocols.has(REALTIME_SUBPROTOCOL)
        ? REALTIME_SUBPROTOCOL
        : ([...protocols].find((p) => !p.startsWith(REALTIME_TOKEN_PROTOCOL_PREFIX)) ?? false),
  })

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (request.url ?? '').split('?')[0]
    if (pathname !== settings.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request))
  }
  server.on('upgrade', onUpgrade)

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.isAlive) {
        conn.socket.terminate()
        continue
      }
      conn.isAlive = false
      conn.socket.ping()
    }
  }, settings.heartbeatMs)
  heartbeat.unref()

  function onConnection(socket: WebSocket, request: IncomingMessage): void {
    const conn: Connection = {
      socket,
      actor: null,
      locale: options.i18n.negotiate(request.headers['accept-language']),
      subscriptions: new Map(),
      queue: Promise.resolve(),
      tokens: settings.rateLimitBurst,
      lastRefill: Date.now(),
      strikes: 0,
      isAlive: true,
      timers: new Set(),
      isClosing: false,
    }
    connections.add(conn)
    socket.on('pong', () => {
      conn.isAlive = true
    })
    socket.on('error', (error) => log.debug({ err: error }, 'websocket error'))
    socket.on('close', () => cleanup(conn))
    socket.on('message', (data, isBinary) => {
      if (!takeToken(conn)) return
      const text = isBinary ? null : Buffer.isBuffer(data) ? data.toString('utf8') : null
      enqueue(conn, () => handleText(conn, text))
    })

    const origin = request.headers.origin
    if (origin !== undefined && settings.allowedOrigins !== '*' && !settings.allowedOrigins.includes(origin)) {
      closeWith(conn, CLOSE_CODES.forbiddenOrigin, 'realtime.origin_not_allowed')
      return
    }
    // Also bounds a token given on connect whose check hangs (scheduleExpiry clears it).
    later(conn, settings.authTimeoutMs, () => {
      if (conn.actor === null) closeWith(conn, CLOSE_CODES.authTimeout, 'realtime.auth_timeout')
    })
    const token = tokenOf(request)
    if (token !== null) {
      conn.queue = conn.queue
        .then(() => authenticate(conn, token, undefined))
        .catch((error: unknown) => {
          // A failing lookup (e.g. the database is away) must never become an unhandled rejection.
          log.error({ err: error }, 'websocket authentication failed')
          closeWith(conn, CLOSE_CODES.unauthorized, 'realtime.internal')
        })
    }
  }

  /** Runs after everything this connection already has under way (frames, access checks). */
  function enqueue(conn: Connection, task: () => Promise<void>): void {
    conn.queue = conn.queue.then(task).catch((error: unknown) => {
      log.error({ err: error }, 'websocket frame handler failed')
      sendError(conn, undefined, 'realtime.internal')
    })
  }

  function takeToken(conn: Connection): boolean {
    const now = Date.now()
    conn.tokens = Math.min(
      settings.rateLimitBurst,
      conn.tokens + ((now - conn.lastRefill) / 1000) * settings.rateLimitPerSecond,
    )
    conn.lastRefill = now
    if (conn.tokens >= 1) {
      conn.tokens -= 1
      return true
    }
    conn.strikes += 1
    if (conn.strikes > settings.rateLimitStrikes) closeWith(conn, CLOSE_CODES.rateLimited, 'realtime.rate_limited')
    else sendError(conn, undefined, 'realtime.rate_limited')
    return false
  }

  async function handleText(conn: Connection, text: string | null): Promise<void> {
    if (conn.isClosing) return
    if (text === null) return sendError(conn, undefined, 'realtime.invalid_frame')
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return sendError(conn, undefined, 'realtime.invalid_json')
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return sendError(conn, undefined, 'realtime.invalid_frame')
    }
    const record = frame as Record<string, unknown>
    const ref = typeof record.ref === 'string' && record.ref.length <= 64 ? record.ref : undefined
    if (typeof record.type !== 'string') return sendError(conn, ref, 'realtime.invalid_frame')
    if (record.ref !== undefined && ref === undefined) return sendError(conn, undefined, 'realtime.invalid_frame')

    switch (record.type) {
      case 'ping':
        if (!checkers.ping.Check(record)) return sendError(conn, ref, 'realtime.invalid_frame')
        return send(conn, { type: 'pong', ref })
      case 'refresh':
        if (!checkers.refresh.Check(record)) return sendError(conn, ref, 'realtime.invalid_frame')
        return authenticate(conn, record.token, ref)
      default:
        break
    }
    const actor = conn.actor
    if (actor === null) return sendError(conn, ref, 'realtime.not_authenticated')
    switch (record.type) {
      case 'subscribe':
        if (!checkers.subscribe.Check(record)) return sendError(conn, ref, 'realtime.invalid_frame')
        return subscribe(conn, actor, record.channel, record.since, ref)
      case 'unsubscribe': {
        if (!checkers.unsubscribe.Check(record)) return sendError(conn, ref, 'realtime.invalid_frame')
        const unlisten = conn.subscriptions.get(record.channel)
        if (unlisten === undefined || record.channel === userChannel(actor.userId)) {
          return sendError(conn, ref, 'realtime.not_subscribed')
        }
        unlisten()
        conn.subscriptions.delete(record.channel)
        return send(conn, { type: 'unsubscribed', ref, channel: record.channel })
      }
      default:
        return runCommand(conn, actor, record, ref)
    }
  }

  async function runCommand(conn: Connection, actor: Actor, frame: Record<string, unknown>, ref: string | undefined) {
    const type = frame.type as string
    const command = options.commands.get(type)
    const checker = commandCheckers.get(type)
    if (command === undefined || checker === undefined) return sendError(conn, ref, 'realtime.unknown_type')
    if (!checker.Check(frame)) return sendError(conn, ref, 'realtime.invalid_frame')
    try {
      const data = await command.handle(actor, frame)
      send(conn, { type: 'result', ref, data: data ?? null })
    } catch (error) {
      if (error instanceof AppError) return sendError(conn, ref, error.code, error.params)
      throw error
    }
  }

  async function authenticate(conn: Connection, token: string, ref: string | undefined): Promise<void> {
    let actor: Actor | null
    let expiresAt: Date
    try {
      const claims = await options.accessTokens.verify(token)
      expiresAt = claims.expiresAt
      actor = await options.resolveActor(claims)
      if (actor === null) throw new AppError('auth.session_revoked')
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      // A socket that is already in keeps its session until its own token lapses.
      if (conn.actor !== null) return sendError(conn, ref, error.code)
      return closeWith(conn, CLOSE_CODES.unauthorized, error.code)
    }
    const previous = conn.actor
    if (previous !== null && (previous.userId !== actor.userId || previous.sessionId !== actor.sessionId)) {
      return sendError(conn, ref, 'realtime.token_mismatch')
    }
    conn.actor = actor
    conn.locale = actor.locale
    scheduleExpiry(conn, expiresAt)
    if (previous !== null) return send(conn, { type: 'refreshed', ref, expiresAt: expiresAt.toISOString() })
    const own = userChannel(actor.userId)
    const unlisten = await layer.listen(own, (event) => deliver(conn, event))
    if (conn.isClosing) return unlisten()
    conn.subscriptions.set(own, unlisten)
    send(conn, { type: 'welcome', userId: actor.userId, sessionId: actor.sessionId, channel: own })
  }

  function scheduleExpiry(conn: Connection, expiresAt: Date): void {
    for (const timer of conn.timers) clearTimeout(timer)
    conn.timers.clear()
    const remaining = expiresAt.getTime() - options.clock.now().getTime()
    later(conn, Math.max(0, remaining), () => {
      const deadline = new Date(expiresAt.getTime() + settings.refreshGraceMs)
      send(conn, { type: 'refresh_required', deadline: deadline.toISOString() })
      later(conn, settings.refreshGraceMs, () => closeWith(conn, CLOSE_CODES.tokenExpired, 'auth.token_expired'))
    })
  }

  async function subscribe(
    conn: Connection,
    actor: Actor,
    channel: string,
    since: StreamPosition | undefined,
    ref: string | undefined,
  ): Promise<void> {
    const parsed = parseChannel(channel)
    if (parsed === null) return sendError(conn, ref, 'realtime.invalid_channel')
    const authorize = authorizers.get(parsed.kind)
    if (authorize === undefined) return sendError(conn, ref, 'realtime.invalid_channel')
    if (!(await authorize(actor, parsed.id))) return sendError(conn, ref, 'realtime.forbidden')

    conn.subscriptions.get(channel)?.()
    // Listen first and hold live events back while history is read, so nothing falls between.
    let held: ChannelEvent[] | null = []
    const unlisten = await layer.listen(channel, (event) => {
      if (held !== null) held.push(event)
      else deliver(conn, event)
    })
    if (conn.isClosing) return unlisten()
    conn.subscriptions.set(channel, unlisten)
    let recovery: Recovery
    try {
      recovery = await layer.recover(channel, since)
    } catch (error) {
      // E.g. Redis is down. A listener left holding events back would hold them forever: drop it,
      // except on the user's own channel, which every socket stays joined to (live) so that it
      // still hears of revoked sessions.
      log.warn({ err: error, channel }, 'realtime recovery failed')
      if (channel === userChannel(actor.userId)) {
        const pending = held
        held = null
        for (const event of pending) deliver(conn, event)
      } else {
        unlisten()
        conn.subscriptions.delete(channel)
      }
      return sendError(conn, ref, 'realtime.internal')
    }
    if (conn.isClosing) return
    send(conn, {
      type: 'subscribed',
      ref,
      channel,
      offset: recovery.position.offset,
      epoch: recovery.position.epoch,
      recovered: recovery.recovered,
    })
    let last = recovery.position.offset
    for (const event of recovery.events) deliver(conn, event)
    for (const event of held) {
      if (event.epoch !== recovery.position.epoch || event.offset > last) {
        deliver(conn, event)
        last = event.offset
      }
    }
    held = null
  }

  /**
   * Asks the channel's authorizer again for a subscription this connection holds, and ends it with
   * an `unsubscribed` frame carrying the reason when access is gone. Queued behind the frames under
   * way, so a subscribe that was being served when access changed is checked once it is in place.
   */
  async function recheckAccess(conn: Connection, channel: string): Promise<void> {
    const actor = conn.actor
    const unlisten = conn.subscriptions.get(channel)
    if (conn.isClosing || actor === null || unlisten === undefined || channel === userChannel(actor.userId)) return
    const parsed = parseChannel(channel)
    const authorize = parsed === null ? undefined : authorizers.get(parsed.kind)
    let code: string = 'realtime.forbidden'
    try {
      if (parsed !== null && authorize !== undefined && (await authorize(actor, parsed.id))) return
    } catch (error) {
      // Fail closed: a subscription whose access cannot be confirmed ends; the client may retry.
      log.warn({ err: error, channel }, 'realtime access check failed')
      code = 'realtime.internal'
    }
    unlisten()
    conn.subscriptions.delete(channel)
    send(conn, { type: 'unsubscribed', channel, code, message: messageFor(conn, code) })
  }

  function deliver(conn: Connection, event: ChannelEvent): void {
    const actor = conn.actor
    if (actor !== null && event.channel === userChannel(actor.userId)) {
      if (event.event === SESSION_REVOKED_EVENT) {
        if ((event.data as { sessionId?: unknown }).sessionId === actor.sessionId) {
          closeWith(conn, CLOSE_CODES.sessionRevoked, 'auth.session_revoked')
          return
        }
      } else if (event.event === ACCESS_CHANGED_EVENT) {
        const channel = (event.data as { channel?: unknown }).channel
        if (typeof channel === 'string') enqueue(conn, () => recheckAccess(conn, channel))
        return
      }
    }
    let text = eventFrames.get(event)
    if (text === undefined) {
      text = JSON.stringify({
        type: 'event',
        channel: event.channel,
        offset: event.offset,
        epoch: event.epoch,
        event: event.event,
        data: event.data,
      })
      eventFrames.set(event, text)
    }
    sendText(conn, text)
  }

  function send(conn: Connection, frame: ServerFrame): void {
    sendText(conn, JSON.stringify(frame))
  }

  function sendText(conn: Connection, text: string): void {
    if (conn.isClosing || conn.socket.readyState !== WebSocket.OPEN) return
    if (conn.socket.bufferedAmount > settings.maxBufferedBytes) {
      closeWith(conn, CLOSE_CODES.slowConsumer, 'realtime.slow_consumer')
      return
    }
    conn.socket.send(text)
  }

  function sendError(conn: Connection, ref: string | undefined, code: string, params?: Record<string, unknown>): void {
    send(conn, { type: 'error', ref, code, message: messageFor(conn, code, params) })
  }

  function messageFor(conn: Connection, code: string, params?: Record<string, unknown>): string {
    const key = `errors.${code}.detail`
    return options.i18n.has(key) ? options.i18n.t(conn.locale, key, params) : code
  }

  function closeWith(conn: Connection, code: number, reason: string): void {
    if (conn.isClosing) return
    conn.isClosing = true
    cleanup(conn)
    conn.socket.close(code, reason)
    // A peer that does not read will never see the close frame; do not wait for it forever.
    setTimeout(() => conn.socket.terminate(), 2000).unref()
  }

  function later(conn: Connection, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      conn.timers.delete(timer)
      fn()
    }, ms)
    timer.unref()
    conn.timers.add(timer)
  }

  function cleanup(conn: Connection): void {
    for (const unlisten of conn.subscriptions.values()) unlisten()
    conn.subscriptions.clear()
    for (const timer of conn.timers) clearTimeout(timer)
    conn.timers.clear()
    connections.delete(conn)
  }

  return {
    get connectionCount() {
      return connections.size
    },
    async close() {
      server.off('upgrade', onUpgrade)
      clearInterval(heartbeat)
      for (const conn of [...connections]) closeWith(conn, 1001, 'server shutting down')
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

function tokenOf(request: IncomingMessage): string | null {
  const protocols = request.headers['sec-websocket-protocol']
  if (typeof protocols === 'string') {
    const bearer = protocols
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith(REALTIME_TOKEN_PROTOCOL_PREFIX))
    if (bearer !== undefined) return bearer.slice(REALTIME_TOKEN_PROTOCOL_PREFIX.length)
  }
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')
  return query === null || query === '' ? null : query
}
