import type { AuthResult, ErrorFrame, EventFrame, SubscribedFrame, WelcomeFrame } from '@madang/contracts'
import { CLOSE_CODES } from '@madang/contracts'
import { afterEach, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { openTestSocket, type TestSocket } from '../../test/ws-client.ts'
import { createManualClock } from '../clock.ts'

const servers: TestServer[] = []
const sockets: TestSocket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options)
  servers.push(server)
  return server
}

async function signUp(server: TestServer, overrides: Record<string, unknown> = {}): Promise<AuthResult> {
  const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput(overrides) })
  expect(res.status).toBe(201)
  return res.body
}

async function connect(server: TestServer, options: Parameters<typeof openTestSocket>[1] = {}): Promise<TestSocket> {
  const socket = await openTestSocket(server.url, options)
  sockets.push(socket)
  return socket
}

const isType =
  (type: string, ref?: string) =>
  (frame: { type: string; ref?: string }): boolean =>
    frame.type === type && (ref === undefined || frame.ref === ref)

describe('authentication', () => {
  it.each(['protocol', 'query'] as const)(
    'accepts an access token sent by %s and joins the user channel',
    async (via) => {
      const server = await serve()
      const me = await signUp(server)
      const socket = await connect(server, { token: me.tokens.accessToken, via })
      const welcome = await socket.next<WelcomeFrame>(isType('welcome'))
      expect(welcome).toMatchObject({
        userId: me.user.id,
        sessionId: me.tokens.sessionId,
        channel: `user:${me.user.id}`,
      })
      expect(socket.socket.protocol).toBe('madang.v1')
    },
  )

  it('authenticates a socket that sends its token in a refresh frame', async () => {
    const server = await serve()
    const me = await signUp(server)
    const socket = await connect(server)
    socket.send({ type: 'subscribe', ref: 's', channel: `user:${me.user.id}` })
    expect(await socket.next<ErrorFrame>(isType('error', 's'))).toMatchObject({ code: 'realtime.not_authenticated' })
    socket.send({ type: 'refresh', token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
  })

  it('closes a socket that never authenticates with 4408 after the auth timeout', async () => {
    const server = await serve({ env: { WS_AUTH_TIMEOUT_MS: '150' } })
    const socket = await connect(server)
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.authTimeout, reason: 'realtime.auth_timeout' })
  })

  it.each([
    ['garbage', 'not-a-jwt', 'auth.malformed_token'],
    ['a token signed with another key', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'auth.invalid_signature'],
  ])('closes a socket with %s with 4401 naming the reason', async (_case, token, reason) => {
    const server = await serve()
    const socket = await connect(server, { token })
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.unauthorized, reason })
  })

  it('closes a socket whose session was signed out with 4401 auth.session_revoked', async () => {
    const server = await serve()
    const me = await signUp(server)
    await server.http('POST', '/api/accounts/signout', { token: me.tokens.accessToken })
    const socket = await connect(server, { token: me.tokens.accessToken })
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'auth.session_revoked' })
  })

  it('refuses a browser origin that is not allowed with 4403 and accepts an allowed one', async () => {
    const server = await serve({ env: { WS_ORIGINS: 'https://app.madang.test' } })
    const me = await signUp(server)
    const stranger = await connect(server, { token: me.tokens.accessToken, headers: { origin: 'https://evil.test' } })
    expect(await stranger.closed()).toEqual({
      code: CLOSE_CODES.forbiddenOrigin,
      reason: 'realtime.origin_not_allowed',
    })
    const friend = await connect(server, {
      token: me.tokens.accessToken,
      headers: { origin: 'https://app.madang.test' },
    })
    await friend.next(isType('welcome'))
  })

  it('closes every socket of a device at once when it signs out, and only that device', async () => {
    const server = await serve()
    const me = await signUp(server)
    const other = await server.http<AuthResult>('POST', '/api/accounts/signin', {
      body: { login: me.user.username, password: newUserInput().password },
    })
    const phone = await connect(server, { token: me.tokens.accessToken })
    const laptop = await connect(server, { token: other.body.tokens.accessToken })
    await phone.next(isType('welcome'))
    await laptop.next(isType('welcome'))
    await server.http('DELETE', `/api/accounts/devices/${me.tokens.sessionId}`, {
      token: other.body.tokens.accessToken,
    })
    expect(await phone.closed()).toEqual({ code: CLOSE_CODES.sessionRevoked, reason: 'auth.session_revoked' })
    laptop.send({ type: 'ping', ref: 'still-here' })
    await laptop.next(isType('pong', 'still-here'))
  })
})

describe('signing out', () => {
  it("closes the signed-out device's sockets at once with 4409", async () => {
    const server = await serve()
    const me = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    expect((await server.http('POST', '/api/accounts/signout', { token: me.tokens.accessToken })).status).toBe(204)
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.sessionRevoked, reason: 'auth.session_revoked' })
  })
})

describe('token expiry', () => {
  it('asks for a fresh token when the access token expires and closes with 4419 if none comes', async () => {
    const clock = createManualClock()
    const server = await serve({ clock, env: { WS_REFRESH_GRACE_MS: '200' } })
    const me = await signUp(server)
    // JWT times have whole seconds: leave 1-2 s so the token is still valid when the socket opens.
    clock.advance(15 * 60 * 1000 - 2000)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    await socket.next(isType('refresh_required'), 4000)
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.tokenExpired, reason: 'auth.token_expired' })
  })

  it('keeps the socket open when the client refreshes in time', async () => {
    const clock = createManualClock()
    const server = await serve({ clock, env: { WS_REFRESH_GRACE_MS: '400' } })
    const me = await signUp(server)
    clock.advance(15 * 60 * 1000 - 2000)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('refresh_required'), 4000)
    const refreshed = await server.http<{ accessToken: string }>('POST', '/api/accounts/refresh', {
      body: { refreshToken: me.tokens.refreshToken },
    })
    socket.send({ type: 'refresh', ref: 'r', token: refreshed.body.accessToken })
    await socket.next(isType('refreshed', 'r'))
    await new Promise((resolve) => setTimeout(resolve, 600))
    socket.send({ type: 'ping', ref: 'alive' })
    await socket.next(isType('pong', 'alive'))
  })

  it("refuses to switch a socket to another user's token", async () => {
    const server = await serve()
    const me = await signUp(server)
    const someoneElse = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    socket.send({ type: 'refresh', ref: 'swap', token: someoneElse.tokens.accessToken })
    expect(await socket.next<ErrorFrame>(isType('error', 'swap'))).toMatchObject({ code: 'realtime.token_mismatch' })
  })
})

describe('bad input', () => {
  async function authed() {
    const server = await serve({ env: { WS_MAX_PAYLOAD_BYTES: '65536' } })
    const me = await signUp(server, { locale: 'en' })
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    return { server, me, socket }
  }

  it.each([
    ['invalid JSON', '{nope', 'realtime.invalid_json', undefined],
    ['a JSON array', '[1,2]', 'realtime.invalid_frame', undefined],
    ['a frame without type', '{"ref":"a"}', 'realtime.invalid_frame', 'a'],
    ['an unknown type', '{"type":"nope.nothing","ref":"b"}', 'realtime.unknown_type', 'b'],
    ['a subscribe without channel', '{"type":"subscribe","ref":"c"}', 'realtime.invalid_frame', 'c'],
    [
      'a subscribe with an extra field',
      '{"type":"subscribe","ref":"d","channel":"x:y:1","evil":1}',
      'realtime.invalid_frame',
      'd',
    ],
    [
      'a malformed channel name',
      '{"type":"subscribe","ref":"e","channel":"no spaces allowed"}',
      'realtime.invalid_channel',
      'e',
    ],
    [
      'a channel kind nobody owns',
      '{"type":"subscribe","ref":"f","channel":"nobody:thing:1"}',
      'realtime.invalid_channel',
      'f',
    ],
    [
      'an unsubscribe from a channel not joined',
      '{"type":"unsubscribe","ref":"g","channel":"x:y:1"}',
      'realtime.not_subscribed',
      'g',
    ],
  ])('answers %s with an error frame and keeps serving', async (_case, raw, code, ref) => {
    const { socket } = await authed()
    socket.sendRaw(raw)
    const error = await socket.next<ErrorFrame>(isType('error'))
    expect(error.code).toBe(code)
    expect(error.ref).toBe(ref)
    expect(error.message.length).toBeGreaterThan(0)
    socket.send({ type: 'ping', ref: 'after' })
    await socket.next(isType('pong', 'after'))
  })

  it("refuses another user's channel with realtime.forbidden", async () => {
    const { server, socket } = await authed()
    const other = await signUp(server)
    socket.send({ type: 'subscribe', ref: 'x', channel: `user:${other.user.id}` })
    expect(await socket.next<ErrorFrame>(isType('error', 'x'))).toMatchObject({ code: 'realtime.forbidden' })
  })

  it('closes a socket that sends a frame over 64 KB with 1009, and others are unaffected', async () => {
    const { server, me, socket } = await authed()
    const bystander = await connect(server, { token: me.tokens.accessToken })
    await bystander.next(isType('welcome'))
    socket.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(70 * 1024) }))
    expect((await socket.closed()).code).toBe(1009)
    bystander.send({ type: 'ping', ref: 'ok' })
    await bystander.next(isType('pong', 'ok'))
  })

  it('answers frames over the rate limit with errors, then closes with 4429 if it goes on', async () => {
    const server = await serve({
      env: { WS_RATE_LIMIT_BURST: '5', WS_RATE_LIMIT_PER_SECOND: '1', WS_RATE_LIMIT_STRIKES: '3' },
    })
    const me = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    for (let i = 0; i < 12; i++) socket.send({ type: 'ping', ref: String(i) })
    expect(await socket.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({ code: 'realtime.rate_limited' })
    expect(await socket.closed()).toEqual({ code: CLOSE_CODES.rateLimited, reason: 'realtime.rate_limited' })
  })

  it('speaks Korean to a Korean user', async () => {
    const server = await serve()
    const me = await signUp(server, { locale: 'ko' })
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    socket.sendRaw('{bad')
    expect((await socket.next<ErrorFrame>(isType('error'))).message).toBe('프레임이 올바른 JSON이 아닙니다.')
  })
})

describe('channels', () => {
  it('delivers what services publish on the user channel to every socket of that user', async () => {
    const server = await serve()
    const me = await signUp(server)
    const a = await connect(server, { token: me.tokens.accessToken })
    const b = await connect(server, { token: me.tokens.accessToken })
    await a.next(isType('welcome'))
    await b.next(isType('welcome'))
    server.ctx.realtime.publish(`user:${me.user.id}`, 'test.happened', { n: 1 })
    for (const socket of [a, b]) {
      expect(await socket.next<EventFrame>(isType('event'))).toMatchObject({
        channel: `user:${me.user.id}`,
        event: 'test.happened',
        data: { n: 1 },
        offset: 1,
      })
    }
  })

  it('publishes inside a transaction only after it commits, and never after a rollback', async () => {
    const server = await serve()
    const me = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    const channel = `user:${me.user.id}`
    await expect(
      server.ctx.transaction(async () => {
        server.ctx.realtime.publish(channel, 'test.rolled_back', {})
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    let sentBeforeCommit = true
    await server.ctx.transaction(async () => {
      server.ctx.realtime.publish(channel, 'test.committed', {})
      await new Promise((resolve) => setTimeout(resolve, 100))
      sentBeforeCommit = socket.frames.some((f) => f.type === 'event')
    })
    const event = await socket.next<EventFrame>(isType('event'))
    expect(sentBeforeCommit).toBe(false)
    expect(event.event).toBe('test.committed')
    expect(socket.frames.filter((f) => f.type === 'event')).toHaveLength(1)
  })

  it('replays what a reconnecting socket missed when it subscribes with since', async () => {
    const server = await serve()
    const me = await signUp(server)
    const channel = `user:${me.user.id}`
    const first = await connect(server, { token: me.tokens.accessToken })
    first.send({ type: 'subscribe', ref: 's1', channel })
    const subscribed = await first.next<SubscribedFrame>(isType('subscribed', 's1'))
    first.socket.terminate()
    for (let i = 1; i <= 3; i++) await server.ctx.realtime.layer.publish(channel, 'test.missed', { i })
    const second = await connect(server, { token: me.tokens.accessToken })
    second.send({
      type: 'subscribe',
      ref: 's2',
      channel,
      since: { offset: subscribed.offset, epoch: subscribed.epoch },
    })
    expect(await second.next<SubscribedFrame>(isType('subscribed', 's2'))).toMatchObject({ recovered: true, offset: 3 })
    await second.next((f) => f.type === 'event' && f.offset === 3)
    const events = second.frames.filter((f): f is EventFrame => f.type === 'event')
    expect(events.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }])
  })

  it('says recovered: false when the missed events are gone, so the client refetches', async () => {
    const server = await serve({ env: { REALTIME_HISTORY_SIZE: '2' } })
    const me = await signUp(server)
    const channel = `user:${me.user.id}`
    const socket = await connect(server, { token: me.tokens.accessToken })
    socket.send({ type: 'subscribe', ref: 's', channel })
    const subscribed = await socket.next<SubscribedFrame>(isType('subscribed', 's'))
    socket.send({ type: 'unsubscribe', ref: 'u', channel })
    expect(await socket.next<ErrorFrame>(isType('error', 'u'))).toMatchObject({ code: 'realtime.not_subscribed' })
    for (let i = 1; i <= 5; i++) await server.ctx.realtime.layer.publish(channel, 'test.missed', { i })
    socket.send({
      type: 'subscribe',
      ref: 'again',
      channel,
      since: { offset: subscribed.offset, epoch: subscribed.epoch },
    })
    expect(await socket.next<SubscribedFrame>(isType('subscribed', 'again'))).toMatchObject({
      recovered: false,
      offset: 5,
    })
  })
})

describe('connection health', () => {
  it('drops a peer that stops answering heartbeats', async () => {
    const server = await serve({ env: { WS_HEARTBEAT_MS: '100' } })
    const me = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    expect(server.app.gateway.connectionCount).toBe(1)
    // A peer that is gone: its TCP stream is paused, so it answers no ping.
    ;(socket.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    await expect.poll(() => server.app.gateway.connectionCount, { timeout: 3000 }).toBe(0)
  })

  it('disconnects a slow consumer instead of buffering without bound', async () => {
    const server = await serve({ env: { WS_MAX_BUFFERED_BYTES: '65536', WS_HEARTBEAT_MS: '60000' } })
    const me = await signUp(server)
    const socket = await connect(server, { token: me.tokens.accessToken })
    await socket.next(isType('welcome'))
    ;(socket.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    const big = 'x'.repeat(64 * 1024)
    for (let i = 0; i < 400 && server.app.gateway.connectionCount > 0; i++) {
      await server.ctx.realtime.layer.publish(`user:${me.user.id}`, 'test.big', { big, i })
      if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await expect.poll(() => server.app.gateway.connectionCount, { timeout: 5000 }).toBe(0)
  })
})
