import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CommandResultFrame, ErrorFrame, SubscribedFrame } from '@madang/contracts'
import { pino } from 'pino'
import { Type } from 'typebox'
import { afterEach, describe, expect, it } from 'vitest'
import { openTestSocket, type TestSocket } from '../../test/ws-client.ts'
import type { Actor } from '../auth/actor.ts'
import { createAccessTokenService } from '../auth/tokens.ts'
import { systemClock } from '../clock.ts'
import { AppError } from '../errors/app-error.ts'
import { createI18n } from '../i18n/index.ts'
import { attachGateway, type CommandDefinition, type Gateway } from './gateway.ts'
import { ACCESS_CHANGED_EVENT, type ChannelAuthorizer } from './channels.ts'
import { createMemoryLayer } from './memory-layer.ts'

/**
 * How modules plug into the gateway: channel authorizers by kind and socket commands by type, as
 * a module's realtime.ts declares them. The session lookup is the process edge here, so it is a
 * plain function over the verified claims.
 */
const accessTokens = createAccessTokenService({
  secret: 'commands-test-secret-long-enough-0123456789abcdef',
  issuer: 'http://madang.test',
  audience: 'test',
  ttlSeconds: 900,
  clock: systemClock,
})

const opened: Array<{ server: Server; gateway: Gateway; sockets: TestSocket[] }> = []
afterEach(async () => {
  for (const { server, gateway, sockets } of opened.splice(0)) {
    for (const socket of sockets) socket.socket.terminate()
    await gateway.close()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function setUp(options: {
  authorizers?: Record<string, ChannelAuthorizer>
  commands?: Record<string, CommandDefinition>
}) {
  const server = createServer()
  const layer = createMemoryLayer({ size: 10, ttlMs: 60_000, clock: systemClock })
  const gateway = attachGateway(server, {
    layer,
    accessTokens,
    resolveActor: async ({ userId, sessionId }) => ({ userId, sessionId, roles: [], locale: 'en' }),
    authorizers: new Map(Object.entries(options.authorizers ?? {})),
    commands: new Map(Object.entries(options.commands ?? {})),
    settings: {
      path: '/ws',
      historySize: 10,
      historyTtlSeconds: 60,
      allowedOrigins: '*',
      maxPayloadBytes: 65536,
      authTimeoutMs: 5000,
      heartbeatMs: 60_000,
      refreshGraceMs: 1000,
      maxBufferedBytes: 1 << 20,
      rateLimitPerSecond: 100,
      rateLimitBurst: 100,
      rateLimitStrikes: 10,
    },
    clock: systemClock,
    log: pino({ level: 'silent' }),
    i18n: createI18n([]),
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const entry = { server, gateway, sockets: [] as TestSocket[] }
  opened.push(entry)
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    layer,
    connectAs: async (userId: string) => {
      const { token } = await accessTokens.sign({ userId, sessionId: randomUUID(), roles: [] })
      const socket = await openTestSocket(url, { token })
      entry.sockets.push(socket)
      await socket.next((f) => f.type === 'welcome')
      return socket
    },
  }
}

describe('module channels', () => {
  it("lets a module's authorizer decide who may subscribe to its channel kind", async () => {
    const owner = randomUUID()
    const seen: Array<[string, string]> = []
    const { connectAs, layer } = await setUp({
      authorizers: {
        'rides:trip': async (actor: Actor, id: string) => {
          seen.push([actor.userId, id])
          return actor.userId === owner
        },
      },
    })
    const rider = await connectAs(owner)
    rider.send({ type: 'subscribe', ref: 'a', channel: 'rides:trip:t1' })
    expect(await rider.next<SubscribedFrame>((f) => f.type === 'subscribed')).toMatchObject({
      channel: 'rides:trip:t1',
    })
    const stranger = await connectAs(randomUUID())
    stranger.send({ type: 'subscribe', ref: 'b', channel: 'rides:trip:t1' })
    expect(await stranger.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({
      ref: 'b',
      code: 'realtime.forbidden',
    })
    expect(seen.map(([, id]) => id)).toEqual(['t1', 't1'])
    await layer.publish('rides:trip:t1', 'rides.trip_changed', { status: 'accepted' })
    await rider.next((f) => f.type === 'event' && f.event === 'rides.trip_changed')
    expect(stranger.frames.some((f) => f.type === 'event' && f.channel === 'rides:trip:t1')).toBe(false)
  })
})

describe('access withdrawn from a channel', () => {
  /** An authorizer whose answer per user the test changes; `broken` makes it throw. */
  function switchableAccess() {
    const allowed = new Set<string>()
    let isBroken = false
    const authorize: ChannelAuthorizer = async (actor) => {
      if (isBroken) throw new Error('database away')
      return allowed.has(actor.userId)
    }
    return { allowed, authorize, breakIt: () => (isBroken = true) }
  }

  async function subscribed(socket: TestSocket, channel: string): Promise<void> {
    socket.send({ type: 'subscribe', ref: channel, channel })
    await socket.next((f) => f.type === 'subscribed' && f.channel === channel)
  }

  it('ends the subscriptions of every socket of that user, and of nobody else, once asked to revalidate', async () => {
    const access = switchableAccess()
    const { connectAs, layer } = await setUp({ authorizers: { 'rides:trip': access.authorize } })
    const [driver, rider] = [randomUUID(), randomUUID()]
    access.allowed.add(driver).add(rider)
    const phone = await connectAs(driver)
    const laptop = await connectAs(driver)
    const riderSocket = await connectAs(rider)
    for (const socket of [phone, laptop, riderSocket]) await subscribed(socket, 'rides:trip:t1')

    access.allowed.delete(driver)
    await layer.publish(`user:${driver}`, ACCESS_CHANGED_EVENT, { channel: 'rides:trip:t1' })
    for (const socket of [phone, laptop]) {
      expect(await socket.next((f) => f.type === 'unsubscribed')).toEqual({
        type: 'unsubscribed',
        channel: 'rides:trip:t1',
        code: 'realtime.forbidden',
        message: expect.stringMatching(/\S/) as string,
      })
    }
    await layer.publish('rides:trip:t1', 'rides.trip_changed', { n: 1 })
    await riderSocket.next((f) => f.type === 'event' && f.event === 'rides.trip_changed')
    for (const socket of [phone, laptop]) {
      socket.send({ type: 'ping', ref: 'after' })
      await socket.next((f) => f.type === 'pong')
      expect(socket.frames.filter((f) => f.type === 'event')).toEqual([])
    }
    expect(riderSocket.frames.some((f) => f.type === 'unsubscribed')).toBe(false)
  })

  it('keeps a subscription that is still allowed, and never shows the control event to the client', async () => {
    const access = switchableAccess()
    const { connectAs, layer } = await setUp({ authorizers: { 'rides:trip': access.authorize } })
    const driver = randomUUID()
    access.allowed.add(driver)
    const socket = await connectAs(driver)
    await subscribed(socket, 'rides:trip:t2')
    await layer.publish(`user:${driver}`, ACCESS_CHANGED_EVENT, { channel: 'rides:trip:t2' })
    await layer.publish('rides:trip:t2', 'rides.trip_changed', { n: 2 })
    await socket.next((f) => f.type === 'event' && f.event === 'rides.trip_changed')
    expect(socket.frames.some((f) => f.type === 'unsubscribed')).toBe(false)
    expect(socket.frames.some((f) => f.type === 'event' && f.event === ACCESS_CHANGED_EVENT)).toBe(false)
  })

  it('ends the subscription with realtime.internal when access cannot be checked (fails closed)', async () => {
    const access = switchableAccess()
    const { connectAs, layer } = await setUp({ authorizers: { 'rides:trip': access.authorize } })
    const driver = randomUUID()
    access.allowed.add(driver)
    const socket = await connectAs(driver)
    await subscribed(socket, 'rides:trip:t3')
    access.breakIt()
    await layer.publish(`user:${driver}`, ACCESS_CHANGED_EVENT, { channel: 'rides:trip:t3' })
    expect(await socket.next((f) => f.type === 'unsubscribed')).toMatchObject({
      channel: 'rides:trip:t3',
      code: 'realtime.internal',
    })
  })
})

describe('module commands', () => {
  const location: CommandDefinition = {
    schema: Type.Object({
      type: Type.Literal('rides.location'),
      ref: Type.Optional(Type.String()),
      lat: Type.Number(),
      lng: Type.Number(),
    }),
    async handle(actor, frame) {
      if (frame.lat === 0 && frame.lng === 0) throw new AppError('http.validation_failed')
      return { userId: actor.userId, lat: frame.lat, lng: frame.lng }
    },
  }

  it('routes a command to its handler with the actor and echoes the ref in the result', async () => {
    const { connectAs } = await setUp({ commands: { 'rides.location': location } })
    const userId = randomUUID()
    const socket = await connectAs(userId)
    socket.send({ type: 'rides.location', ref: 'loc-1', lat: 37.5, lng: 127 })
    expect(await socket.next<CommandResultFrame>((f) => f.type === 'result')).toEqual({
      type: 'result',
      ref: 'loc-1',
      data: { userId, lat: 37.5, lng: 127 },
    })
  })

  it('answers a command whose fields break its schema with realtime.invalid_frame, without calling the handler', async () => {
    const { connectAs } = await setUp({ commands: { 'rides.location': location } })
    const socket = await connectAs(randomUUID())
    socket.send({ type: 'rides.location', ref: 'bad', lat: 'north' })
    expect(await socket.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({
      ref: 'bad',
      code: 'realtime.invalid_frame',
    })
  })

  it("answers a handler's AppError with an error frame carrying its code", async () => {
    const { connectAs } = await setUp({ commands: { 'rides.location': location } })
    const socket = await connectAs(randomUUID())
    socket.send({ type: 'rides.location', ref: 'zero', lat: 0, lng: 0 })
    expect(await socket.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({
      ref: 'zero',
      code: 'http.validation_failed',
    })
    socket.send({ type: 'ping', ref: 'p' })
    await socket.next((f) => f.type === 'pong')
  })
})
