import type { AuthResult, EventFrame, Problem, SubscribedFrame } from '@madang/contracts'
import { CLOSE_CODES } from '@madang/contracts'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { createEmptyPostgresDatabase, createTestDatabase } from '../../test/database.ts'
import { freePort, startPrivateRedis, type PrivateRedis } from '../../test/redis.ts'
import {
  createHttpClient,
  newUserInput,
  startTestServer,
  TEST_SECRET,
  type HttpClient,
  type TestServer,
} from '../../test/server.ts'
import { openTestSocket, type TestSocket } from '../../test/ws-client.ts'
import { SESSION_REVOKED_EVENT } from './gateway.ts'

/**
 * Two servers acting as one through a Redis of this file's own, which the outage test stops and
 * starts. On PostgreSQL they are two real `node src/main.ts` processes over one database; on
 * PGlite (which one process owns) two in-process servers share one database, each with its own
 * Redis connections. Every publish here goes through a real HTTP action on B: revoking a device
 * publishes `accounts.session_revoked` on the user's channel.
 */

const BACKEND = inject('testDatabase').kind
const SHAPE = BACKEND === 'postgres' ? 'two node processes on postgres' : 'two in-process servers on pglite'
const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url))
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000
const PASSWORD = newUserInput().password

interface Node {
  url: string
  http: HttpClient
}

interface Cluster {
  a: Node
  b: Node
  close(): Promise<void>
}

let redis: PrivateRedis
let isRedisDown = false
let cluster: Cluster
const sockets: TestSocket[] = []

beforeAll(async () => {
  redis = await startPrivateRedis()
  cluster = BACKEND === 'postgres' ? await startProcesses(redis.url) : await startInProcess(redis.url)
})
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate()
  // A failed outage test must not leave the next test without Redis.
  if (isRedisDown) {
    await redis.start()
    isRedisDown = false
  }
})
afterAll(async () => {
  await cluster?.close()
  await redis?.stop()
})

async function startInProcess(redisUrl: string): Promise<Cluster> {
  const database = await createTestDatabase()
  const servers: TestServer[] = []
  try {
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ env: { REDIS_URL: redisUrl }, database }))
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()))
    await database.close()
    throw error
  }
  const [a, b] = servers as [TestServer, TestServer]
  return {
    a,
    b,
    async close() {
      await Promise.all(servers.map((s) => s.close()))
      await database.close()
    },
  }
}

interface Child {
  process: ChildProcess
  output(): string
  exited: Promise<number | null>
}

async function startProcesses(redisUrl: string): Promise<Cluster> {
  const database = await createEmptyPostgresDatabase()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'madang-cluster-test-'))
  const children: Child[] = []
  const close = async () => {
    await Promise.all(children.map(stopChild))
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const nodes: Node[] = []
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      children.push(
        spawnServer({
          APP_ENV: 'test',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          PORT: String(port),
          // Shared by both, so a token minted by one is valid on the other.
          PUBLIC_URL: 'http://madang.test',
          JWT_SECRET: TEST_SECRET,
          DATABASE_URL: database.url,
          DATA_DIR: dataDir,
          REDIS_URL: redisUrl,
          AUTH_RATE_LIMIT_PER_IP: '1000',
          AUTH_RATE_LIMIT_PER_ACCOUNT: '1000',
          SHUTDOWN_TIMEOUT_MS: '5000',
        }),
      )
      nodes.push({ url: `http://127.0.0.1:${port}`, http: createHttpClient(`http://127.0.0.1:${port}`) })
    }
    // Both migrate the same empty database at once; the migration lock serializes them.
    await Promise.all(children.map((child) => waitUntilServing(child)))
    const [a, b] = nodes as [Node, Node]
    return { a, b, close }
  } catch (error) {
    await close()
    throw error
  }
}

function spawnServer(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['src/main.ts'], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const append = (chunk: string) => {
    output += chunk
  }
  proc.stdout?.setEncoding('utf8').on('data', append)
  proc.stderr?.setEncoding('utf8').on('data', append)
  const exited = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)))
  return { process: proc, output: () => output, exited }
}

/** Resolves once the child logs that it serves; fails at once if it exits, or after START_TIMEOUT_MS. */
async function waitUntilServing(child: Child): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  let onData: (() => void) | undefined
  const isServing = () => child.output().includes('Madang is serving at')
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        onData = () => {
          if (isServing()) resolve()
        }
        child.process.stdout?.on('data', onData)
        onData()
      }),
      child.exited.then((code) => {
        throw new Error(`server exited (code ${code}) before serving:\n${child.output()}`)
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`server not serving after ${START_TIMEOUT_MS} ms:\n${child.output()}`)),
          START_TIMEOUT_MS,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
    if (onData !== undefined) child.process.stdout?.off('data', onData)
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within STOP_TIMEOUT_MS. */
async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return
  child.process.kill('SIGTERM')
  const timer = setTimeout(() => child.process.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await child.exited
  clearTimeout(timer)
}

async function signUp(node: Node): Promise<AuthResult & { username: string }> {
  const input = newUserInput()
  const res = await node.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
  expect(res.status).toBe(201)
  return { ...res.body, username: input.username }
}

async function signIn(node: Node, username: string): Promise<AuthResult> {
  const res = await node.http<AuthResult>('POST', '/api/accounts/signin', {
    body: { login: username, password: PASSWORD },
  })
  expect(res.status).toBe(200)
  return res.body
}

async function revokeDevice(node: Node, token: string, sessionId: string): Promise<void> {
  const res = await node.http('DELETE', `/api/accounts/devices/${sessionId}`, { token })
  expect(res.status).toBe(204)
}

async function connect(node: Node, token: string): Promise<TestSocket> {
  const socket = await openTestSocket(node.url, { token })
  sockets.push(socket)
  await socket.next((f) => f.type === 'welcome')
  return socket
}

const isRevocationOf =
  (sessionId: string) =>
  (frame: { type: string }): boolean =>
    frame.type === 'event' &&
    (frame as EventFrame).event === SESSION_REVOKED_EVENT &&
    ((frame as EventFrame).data as { sessionId?: unknown }).sessionId === sessionId

const readyStatus = async (node: Node): Promise<number> => (await node.http('GET', '/readyz')).status

describe(`two servers sharing Redis (${SHAPE})`, () => {
  it(`delivers to sockets on A what B publishes, closing the revoked session's socket with 4409 (${BACKEND})`, async () => {
    const { a, b } = cluster
    const me = await signUp(a)
    const laptop = await signIn(b, me.username)
    const phoneSocket = await connect(a, me.tokens.accessToken)
    const laptopSocket = await connect(a, laptop.tokens.accessToken)

    await revokeDevice(b, laptop.tokens.accessToken, me.tokens.sessionId)

    expect(await laptopSocket.next<EventFrame>(isRevocationOf(me.tokens.sessionId))).toMatchObject({
      channel: `user:${me.user.id}`,
      event: SESSION_REVOKED_EVENT,
      data: { sessionId: me.tokens.sessionId },
    })
    expect(await phoneSocket.closed()).toEqual({ code: CLOSE_CODES.sessionRevoked, reason: 'auth.session_revoked' })
  })

  it(`replays to a client reconnecting to B with since what B published after it left A (${BACKEND})`, async () => {
    const { a, b } = cluster
    const me = await signUp(a)
    const channel = `user:${me.user.id}`
    const others = [await signIn(b, me.username), await signIn(b, me.username), await signIn(b, me.username)]
    const first = await connect(a, me.tokens.accessToken)
    first.send({ type: 'subscribe', ref: 's1', channel })
    const subscribed = await first.next<SubscribedFrame>((f) => f.type === 'subscribed' && f.ref === 's1')
    first.socket.terminate()

    for (const other of others) await revokeDevice(b, me.tokens.accessToken, other.tokens.sessionId)

    const second = await connect(b, me.tokens.accessToken)
    second.send({
      type: 'subscribe',
      ref: 's2',
      channel,
      since: { offset: subscribed.offset, epoch: subscribed.epoch },
    })
    expect(await second.next<SubscribedFrame>((f) => f.type === 'subscribed' && f.ref === 's2')).toMatchObject({
      recovered: true,
      epoch: subscribed.epoch,
      offset: subscribed.offset + 3,
    })
    await second.next(isRevocationOf(others[2]?.tokens.sessionId ?? ''))
    const events = second.frames.filter((f): f is EventFrame => f.type === 'event')
    expect(events.map((e) => [e.offset, e.data])).toEqual(
      others.map((other, i) => [subscribed.offset + i + 1, { sessionId: other.tokens.sessionId }]),
    )
  })

  it(`keeps serving HTTP while Redis is down, reports not ready, and resumes fan-out by itself when it is back (${BACKEND})`, async () => {
    const { a, b } = cluster
    const me = await signUp(a)
    const duringOutage = await signIn(b, me.username)
    const afterOutage = await signIn(b, me.username)
    const watcher = await connect(a, me.tokens.accessToken)
    expect([await readyStatus(a), await readyStatus(b)]).toEqual([200, 200])

    isRedisDown = true
    await redis.stop()

    for (const node of [a, b]) {
      await expect.poll(() => readyStatus(node), { timeout: 5000, interval: 100 }).toBe(503)
      const ready = await node.http<Problem>('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.body).toMatchObject({ code: 'http.unavailable', detail: expect.stringContaining('realtime') })
      expect(await node.http('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } })
      await signIn(node, me.username)
    }
    // The publish behind this fails and is dropped (at-most-once); the request itself succeeds.
    await revokeDevice(b, me.tokens.accessToken, duringOutage.tokens.sessionId)

    await redis.start()
    isRedisDown = false
    for (const node of [a, b]) {
      await expect.poll(() => readyStatus(node), { timeout: 10_000, interval: 100 }).toBe(200)
    }
    await revokeDevice(b, me.tokens.accessToken, afterOutage.tokens.sessionId)

    await watcher.next(isRevocationOf(afterOutage.tokens.sessionId))
    const events = watcher.frames.filter((f): f is EventFrame => f.type === 'event')
    expect(events.map((e) => e.data)).toEqual([{ sessionId: afterOutage.tokens.sessionId }])
    expect(watcher.socket.readyState).toBe(watcher.socket.OPEN)
  })

  it(`answers a subscribe that cannot recover while Redis is down with realtime.internal and keeps the user channel live (${BACKEND})`, async () => {
    const { a, b } = cluster
    const me = await signUp(a)
    const channel = `user:${me.user.id}`
    const other = await signIn(b, me.username)
    const socket = await connect(a, me.tokens.accessToken)
    // A second socket of the user keeps A listening to the channel, so the subscribe below
    // reaches the history read (which fails at once) instead of waiting for Redis to subscribe.
    await connect(a, me.tokens.accessToken)
    socket.send({ type: 'subscribe', ref: 'before', channel })
    const subscribed = await socket.next<SubscribedFrame>((f) => f.type === 'subscribed' && f.ref === 'before')

    isRedisDown = true
    await redis.stop()
    await expect.poll(() => readyStatus(a), { timeout: 5000, interval: 100 }).toBe(503)
    // What a client does after a network blip: subscribe again from where it was.
    socket.send({
      type: 'subscribe',
      ref: 'during',
      channel,
      since: { offset: subscribed.offset, epoch: subscribed.epoch },
    })
    expect(await socket.next((f) => f.type === 'error' && f.ref === 'during')).toMatchObject({
      code: 'realtime.internal',
    })

    await redis.start()
    isRedisDown = false
    for (const node of [a, b]) {
      await expect.poll(() => readyStatus(node), { timeout: 10_000, interval: 100 }).toBe(200)
    }
    await revokeDevice(b, me.tokens.accessToken, other.tokens.sessionId)
    await socket.next(isRevocationOf(other.tokens.sessionId))
  })
})
