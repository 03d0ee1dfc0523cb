// npm run bench:realtime -- [--sizes 10,100,1000,5000] [--messages N] [--rounds R] [--targets bare,memory,redis]
//                            [--redis-url redis://127.0.0.1:6379]
// One publisher, S subscribers on one channel: delivered messages/s and publish-to-receive latency
// of the realtime gateway on the in-memory and the Redis channel layer, next to a bare `ws`
// broadcast server measured in the same run (the ceiling on this machine).
//
// The servers (bare ws, and the real app with its gateway per layer) run in this process; each
// target's S client sockets run in a forked child process of their own, so servers and clients do
// not share an event loop. Every message carries its publish time from process.hrtime, which on
// Linux is CLOCK_MONOTONIC and so comparable between processes. Publishing is closed-loop: a child
// keeps reporting how many frames its sockets have received, and the publisher keeps at most
// DELIVERIES_IN_FLIGHT deliveries outstanding, so servers run saturated without unbounded buffering
// (latency is measured under full load). For each S all targets stay connected and are measured in R
// alternating rounds and the table shows each target's best round: on a machine shared with other
// work, the least disturbed round is the closest to what the code can do, for the ceiling as well.
// S sockets need S file descriptors per child and 3*S in this process; node raises the soft limit
// to the hard one, so if S=5000 fails with EMFILE, raise `ulimit -n` (hard) above ~16000.
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { AuthResult } from '@madang/contracts'
import { WebSocket, WebSocketServer } from 'ws'
import type { ChannelLayer } from '../src/core/realtime/layer.ts'
import {
  assertRedisReachable,
  benchEnv,
  deleteKeys,
  fail,
  forkClients,
  formatMs,
  messageOf,
  now,
  percentile,
} from './bench-lib.ts'

type Target = 'bare' | 'memory' | 'redis'
const TARGETS: readonly Target[] = ['bare', 'memory', 'redis']
const TARGET_NAMES: Record<Target, string> = { bare: 'bare ws', memory: 'memory layer', redis: 'redis layer' }

/** Deliveries per round when --messages is not given: enough for a stable rate, bounded in time. */
const DELIVERIES_PER_ROUND = 300_000
/** Deliveries allowed in flight (published, not yet received by every socket). */
const DELIVERIES_IN_FLIGHT = 20_000
/** Sockets opening at once in a client process. */
const CONNECT_CONCURRENCY = 100
/** A round that has not delivered everything by then is reported as incomplete. */
const ROUND_DEADLINE_MS = 30_000
const CONNECT_DEADLINE_MS = 60_000

const T_KEY = Buffer.from('"t":')
const I_KEY = Buffer.from('"i":')

interface ConnectOrder {
  kind: 'connect'
  url: string
  protocols: string[]
  sockets: number
  /** Madang sockets are ready after their `welcome` frame; bare ones when open. */
  awaitsWelcome: boolean
}

/** Messages `first` .. `first + warmup + messages - 1`; the first `warmup` are not measured. */
interface RoundOrder {
  kind: 'round'
  first: number
  warmup: number
  messages: number
}

type ParentMessage = ConnectOrder | RoundOrder | { kind: 'close' }

interface RoundResult {
  kind: 'result'
  isComplete: boolean
  /** Deliveries of measured (non-warm-up) messages. */
  deliveries: number
  lastReceivedAt: number
  p50: number
  p99: number
  cpuMs: number
}

type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'armed' }
  | { kind: 'ack'; received: number }
  | RoundResult
  | { kind: 'failed'; message: string }

// --- a client process ---------------------------------------------------------------------------

function runClients(): void {
  const send = (message: ChildMessage) => process.send?.(message)
  const sockets: WebSocket[] = []
  let socketCount = 0
  let closedEarly = 0
  let round: ((data: Buffer) => void) | null = null

  const failWith = (error: unknown) => {
    const text = error instanceof Error ? error.message : String(error)
    send({ kind: 'failed', message: text.includes('EMFILE') ? `${text} (raise ulimit -n)` : text })
  }

  process.on('message', (raw) => {
    const message = raw as ParentMessage
    switch (message.kind) {
      case 'connect':
        connect(message).catch(failWith)
        return
      case 'round':
        if (closedEarly > 0) return failWith(new Error(`${closedEarly} sockets were closed by the server`))
        round = startRound(message)
        send({ kind: 'armed' })
        return
      case 'close':
        for (const socket of sockets) socket.terminate()
        process.disconnect()
        return
      default:
        message satisfies never
    }
  })

  function startRound(order: RoundOrder): (data: Buffer) => void {
    const total = order.warmup + order.messages
    const expected = total * socketCount
    const latencies = new Float64Array(socketCount * order.messages)
    let measured = 0
    let lastReceivedAt = 0
    let isAckScheduled = false
    let isFinished = false
    let received = 0
    let cpuAtStart = process.cpuUsage()

    const finish = (isComplete: boolean) => {
      if (isFinished) return
      isFinished = true
      clearTimeout(deadline)
      const sorted = latencies.subarray(0, measured).sort()
      const cpu = process.cpuUsage(cpuAtStart)
      send({
        kind: 'result',
        isComplete: isComplete && closedEarly === 0,
        deliveries: measured,
        lastReceivedAt,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        cpuMs: (cpu.user + cpu.system) / 1000,
      })
    }
    const deadline = setTimeout(() => finish(false), ROUND_DEADLINE_MS)

    return (data) => {
      const at = now()
      // The frame ends with `"data":{"t":<ms>,"i":<n>}}`; reading two numbers is all a client does.
      const tAt = data.lastIndexOf(T_KEY)
      const iAt = data.lastIndexOf(I_KEY)
      if (tAt < 0 || iAt < 0 || isFinished) return
      const i = Number(data.toString('latin1', iAt + I_KEY.length, data.indexOf(125, iAt))) - order.first
      if (i < 0 || i >= total) return
      if (i >= order.warmup) {
        if (measured === 0) cpuAtStart = process.cpuUsage()
        latencies[measured++] = at - Number(data.toString('latin1', tAt + T_KEY.length, iAt - 1))
        lastReceivedAt = at
      }
      received += 1
      if (received === expected) {
        send({ kind: 'ack', received })
        finish(true)
        return
      }
      // One report per turn of the event loop: the publisher refills while this process reads.
      if (isAckScheduled) return
      isAckScheduled = true
      setImmediate(() => {
        isAckScheduled = false
        if (!isFinished) send({ kind: 'ack', received })
      })
    }
  }

  async function connect(order: ConnectOrder): Promise<void> {
    const open = () =>
      new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(order.url, order.protocols, {
          perMessageDeflate: false,
          skipUTF8Validation: true,
          handshakeTimeout: CONNECT_DEADLINE_MS,
        })
        sockets.push(socket)
        let isReady = false
        const ready = () => {
          isReady = true
          socketCount += 1
          resolve()
        }
        socket.once('error', reject)
        socket.on('close', () => {
          if (!isReady) reject(new Error('socket closed before it was ready'))
          else closedEarly += 1
        })
        socket.on('message', (data: Buffer) => {
          if (isReady) return round?.(data)
          const text = data.toString('utf8')
          if (!text.includes('"welcome"')) return reject(new Error(`expected a welcome frame, got ${text}`))
          ready()
        })
        if (!order.awaitsWelcome) socket.once('open', ready)
      })
    for (let opened = 0; opened < order.sockets; opened += CONNECT_CONCURRENCY) {
      const batch = Math.min(CONNECT_CONCURRENCY, order.sockets - opened)
      await Promise.all(Array.from({ length: batch }, open))
    }
    send({ kind: 'ready' })
  }
}

// --- the server process -------------------------------------------------------------------------

/** One target serving S sockets: where clients connect and how the benchmark publishes. */
interface ServerSide {
  url: string
  protocols: string[]
  awaitsWelcome: boolean
  publish(i: number): void
  close(): Promise<void>
}

interface Round {
  isComplete: boolean
  rate: number
  p50: number
  p99: number
  serverCpu: number
  clientCpu: number
}

interface Row {
  sockets: number
  target: Target
  /** The round with the highest rate. */
  best: Round
  /** The best rate divided by bare ws's best rate at the same S. */
  ratio: number | null
  isComplete: boolean
  failure: string | null
}

async function runBench(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,1000,5000' },
      messages: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      targets: { type: 'string', default: TARGETS.join(',') },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    },
  })
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()))
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) fail('--sizes takes positive integers, e.g. 10,100,1000')
  const messagesFlag = values.messages === undefined ? undefined : Number(values.messages)
  if (messagesFlag !== undefined && !(Number.isInteger(messagesFlag) && messagesFlag >= 1)) {
    fail('--messages takes a positive integer')
  }
  const rounds = Number(values.rounds)
  if (!Number.isInteger(rounds) || rounds < 1) fail('--rounds takes a positive integer')
  const wanted = values.targets.split(',').map((t) => t.trim())
  const unknown = wanted.filter((t) => !TARGETS.includes(t as Target))
  if (unknown.length > 0) fail(`unknown target(s) ${unknown.join(', ')}; use ${TARGETS.join(',')}`)
  const targets = TARGETS.filter((t) => wanted.includes(t))
  const redisUrl = values['redis-url']

  const loadBefore = loadavg()[0] ?? 0
  const madang = targets.some((t) => t !== 'bare') ? await startMadang(redisUrl) : null
  const rows: Row[] = []
  try {
    for (const sockets of sizes) {
      const messages = messagesFlag ?? Math.min(30_000, Math.max(50, Math.round(DELIVERIES_PER_ROUND / sockets)))
      progress(`S=${sockets}: ${rounds} rounds of ${messages} messages`)
      rows.push(...(await measureSize(targets, sockets, messages, rounds, madang)))
    }
  } finally {
    await madang?.close()
  }
  printReport(rows, { messagesFlag, rounds, loadBefore, loadAfter: loadavg()[0] ?? 0 })
}

/** Connects S sockets to every target, then measures the targets in alternating rounds. */
async function measureSize(
  targets: readonly Target[],
  sockets: number,
  messages: number,
  rounds: number,
  madang: Madang | null,
): Promise<Row[]> {
  const warmup = Math.max(10, Math.ceil(messages / 10))
  const runs = new Map<
    Target,
    { server: ServerSide | null; clients: Clients | null; rounds: Round[]; failure: string | null }
  >(targets.map((t) => [t, { server: null, clients: null, rounds: [], failure: null }]))
  try {
    for (const [target, run] of runs) {
      try {
        if (target !== 'bare' && madang === null) throw new Error('the application was not started')
        run.server = target === 'bare' || madang === null ? await startBare() : await madang.start(target)
        run.clients = await startClients(run.server, sockets)
      } catch (error) {
        run.failure = messageOf(error)
      }
    }
    let first = 0
    for (let r = 0; r < rounds; r++) {
      // Each round starts with the next target, so none always runs first (or right after a connect).
      const order = [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)]
      for (const target of order) {
        const run = runs.get(target)
        if (run?.server == null || run.clients === null || run.failure !== null) continue
        try {
          const round = await run.clients.round(run.server, { first, warmup, messages })
          run.rounds.push(round)
        } catch (error) {
          run.failure = messageOf(error)
        }
        first += warmup + messages
      }
    }
  } finally {
    for (const run of runs.values()) {
      await run.clients?.close()
      await run.server?.close()
    }
  }
  const bestOf = (run: { rounds: Round[] }) =>
    run.rounds.reduce<Round | null>((best, round) => (best === null || round.rate > best.rate ? round : best), null)
  const bare = runs.get('bare')
  const bareBest = bare === undefined ? null : bestOf(bare)
  return [...runs].map(([target, run]) => {
    const best = bestOf(run) ?? emptyRound()
    return {
      sockets,
      target,
      best,
      ratio: bareBest === null || bareBest.rate === 0 || best.rate === 0 ? null : best.rate / bareBest.rate,
      isComplete: run.rounds.length === rounds && run.rounds.every((round) => round.isComplete),
      failure: run.failure,
    }
  })
}

function emptyRound(): Round {
  return { isComplete: false, rate: 0, p50: Number.NaN, p99: Number.NaN, serverCpu: 0, clientCpu: 0 }
}

interface Madang {
  start(target: 'memory' | 'redis'): Promise<ServerSide>
  close(): Promise<void>
}

/**
 * The real application (config, ctx, buildApp with its gateway) over one in-memory PGlite shared by
 * every target, with one user whose access token authenticates every socket; the sockets receive
 * on that user's channel, which they join on welcome.
 */
async function startMadang(redisUrl: string): Promise<Madang> {
  // Loaded here so that the client processes start with `ws` only.
  const { REALTIME_SUBPROTOCOL, REALTIME_TOKEN_PROTOCOL_PREFIX } = await import('@madang/contracts')
  const { buildApp } = await import('../src/app.ts')
  const { loadConfig } = await import('../src/config/index.ts')
  const { createCtx, createLogger } = await import('../src/ctx.ts')
  const { openPglite } = await import('../src/core/db/index.ts')
  const { createRedisLayer } = await import('../src/core/realtime/redis-layer.ts')
  const { systemClock } = await import('../src/core/clock.ts')

  // Measure throughput, not the limits: no slow-consumer drops (and, as in every bench, no heartbeats).
  const config = loadConfig(benchEnv({ WS_MAX_BUFFERED_BYTES: String(256 * 1024 * 1024) }))
  const log = createLogger(config)
  const database = await openPglite()
  await database.migrate()
  // Every ctx closes what it opened except this database, which outlives them all.
  const shared = { ...database, close: async () => {} }
  let token: string | null = null
  let channel: string | null = null

  return {
    async start(target) {
      const prefix = `madang:bench:${randomBytes(6).toString('hex')}:`
      let layer: ChannelLayer | undefined
      if (target === 'redis') {
        // createRedisLayer keeps retrying after a failed first connect; ask once, without retries.
        await assertRedisReachable(redisUrl)
        layer = await createRedisLayer({
          url: redisUrl,
          prefix,
          clock: systemClock,
          size: config.realtime.historySize,
          ttlMs: config.realtime.historyTtlSeconds * 1000,
        })
      }
      const ctx = await createCtx(config, { database: shared, log, layer })
      const app = await buildApp(ctx)
      await app.listen({ host: '127.0.0.1', port: 0 })
      if (token === null || channel === null) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/accounts/signup',
          payload: { email: 'bench@example.com', username: 'bench', password: 'plum-orchard-lantern-42' },
        })
        if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.body}`)
        const auth = response.json<AuthResult>()
        token = auth.tokens.accessToken
        channel = `user:${auth.user.id}`
      }
      const address = app.server.address()
      if (address === null || typeof address === 'string') throw new Error('no listening address')
      const onPublishError = (error: unknown) => process.stderr.write(`publish failed: ${messageOf(error)}\n`)
      const userChannel = channel
      return {
        url: `ws://127.0.0.1:${address.port}/ws`,
        protocols: [REALTIME_SUBPROTOCOL, `${REALTIME_TOKEN_PROTOCOL_PREFIX}${token}`],
        awaitsWelcome: true,
        publish(i) {
          ctx.realtime.layer.publish(userChannel, 'bench.tick', { t: now(), i }).catch(onPublishError)
        },
        async close() {
          await app.close()
          await ctx.close()
          if (target === 'redis') await deleteKeys(redisUrl, prefix)
        },
      }
    },
    async close() {
      await database.close()
    },
  }
}

/** The ceiling: a minimal `ws` server that serializes each message once and sends it to every client. */
async function startBare(): Promise<ServerSide> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', resolve))
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('no listening address')
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    protocols: [],
    awaitsWelcome: false,
    publish(i) {
      // The same frame shape the gateway sends, so clients do the same work for every target.
      const text = JSON.stringify({
        type: 'event',
        channel: 'bench',
        offset: i + 1,
        epoch: 'bare',
        event: 'bench.tick',
        data: { t: now(), i },
      })
      for (const client of wss.clients) client.send(text)
    },
    async close() {
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

interface Clients {
  round(server: ServerSide, order: Omit<RoundOrder, 'kind'>): Promise<Round>
  close(): Promise<void>
}

/** Forks a client process and opens S sockets to the server in it. */
async function startClients(server: ServerSide, sockets: number): Promise<Clients> {
  const child = forkClients<ParentMessage, ChildMessage>(fileURLToPath(import.meta.url))

  try {
    const ready = child.converse(CONNECT_DEADLINE_MS, (m) => (m.kind === 'ready' ? true : undefined))
    child.send({
      kind: 'connect',
      url: server.url,
      protocols: server.protocols,
      sockets,
      awaitsWelcome: server.awaitsWelcome,
    } satisfies ConnectOrder)
    await ready
  } catch (error) {
    await child.close()
    throw error
  }

  return {
    close: () => child.close(),
    async round(target, { first, warmup, messages }) {
      const end = first + warmup + messages
      // A message adds S deliveries; one is always allowed in flight, even when S exceeds the budget.
      const budget = Math.max(DELIVERIES_IN_FLIGHT, sockets)
      let published = first
      let received = 0
      let limit = first + warmup
      let startedAt = 0
      let serverCpu = process.cpuUsage()
      const pump = () => {
        while (published < limit && (published - first + 1) * sockets - received <= budget) {
          target.publish(published++)
        }
      }
      const result = child.converse(ROUND_DEADLINE_MS + 5000, (message) => {
        switch (message.kind) {
          case 'armed':
            pump()
            return undefined
          case 'ack':
            received = Math.max(received, message.received)
            if (limit < end && received === warmup * sockets) {
              // Warm-up fully delivered: the measured phase starts with an empty pipeline.
              limit = end
              startedAt = now()
              serverCpu = process.cpuUsage()
            }
            pump()
            return undefined
          case 'result': {
            const cpu = process.cpuUsage(serverCpu)
            const seconds = (message.lastReceivedAt - startedAt) / 1000
            const isMeasured = startedAt > 0 && seconds > 0
            return {
              isComplete: message.isComplete,
              rate: isMeasured ? message.deliveries / seconds : 0,
              p50: message.p50,
              p99: message.p99,
              serverCpu: isMeasured ? (cpu.user + cpu.system) / 1e6 / seconds : 0,
              clientCpu: isMeasured ? message.cpuMs / 1000 / seconds : 0,
            }
          }
          case 'ready':
          case 'failed': // handled by converse
            return undefined
          default:
            return message satisfies never
        }
      })
      child.send({ kind: 'round', first, warmup, messages } satisfies RoundOrder)
      return result
    },
  }
}

function printReport(
  rows: Row[],
  run: { messagesFlag: number | undefined; rounds: number; loadBefore: number; loadAfter: number },
): void {
  const percent = (value: number) => `${Math.round(value * 100)}%`
  const size =
    run.messagesFlag === undefined
      ? `~${DELIVERIES_PER_ROUND.toLocaleString('en-US')} deliveries`
      : `${run.messagesFlag} messages`
  const lines = [
    '',
    `Realtime fan-out, 1 publisher and S subscribers on one channel. Clients in a child process per target;`,
    `${run.rounds} alternating rounds per target of ${size} each (after a 10% warm-up), best round shown;`,
    `at most ${DELIVERIES_IN_FLIGHT.toLocaleString('en-US')} deliveries in flight, so latency is under full load.`,
    `${cpus().length} CPUs, 1-min load average ${run.loadBefore.toFixed(1)} before and ${run.loadAfter.toFixed(1)} after.`,
    '',
    '| S | target | delivered msg/s | p50 ms | p99 ms | ratio vs bare ws (msg/s) | server CPU | clients CPU |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const ratio = r.ratio === null ? 'n/a' : `${(r.ratio * 100).toFixed(1)}%`
      const rate = `${Math.round(r.best.rate).toLocaleString('en-US')}${r.isComplete ? '' : ' (incomplete)'}`
      return `| ${r.sockets} | ${TARGET_NAMES[r.target]} | ${rate} | ${formatMs(r.best.p50)} | ${formatMs(r.best.p99)} | ${ratio} | ${percent(r.best.serverCpu)} | ${percent(r.best.clientCpu)} |`
    }),
    '',
    ...rows.flatMap((r) =>
      r.failure === null ? [] : [`S=${r.sockets} ${TARGET_NAMES[r.target]} failed: ${r.failure}`],
    ),
  ]
  const memory = rows.find((r) => r.sockets === 1000 && r.target === 'memory')
  if (memory?.ratio != null) {
    const verdict = memory.ratio >= 0.7 ? 'met' : 'NOT met'
    lines.push(
      `Goal (memory layer >= 70% of bare ws msg/s at S=1000): ${(memory.ratio * 100).toFixed(1)}%, ${verdict}.`,
    )
  } else {
    lines.push('Goal (memory layer >= 70% of bare ws msg/s at S=1000): not measured (needs S=1000, bare and memory).')
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${text}\n`)
}

if (process.argv.includes('--role=clients')) runClients()
else await runBench()
