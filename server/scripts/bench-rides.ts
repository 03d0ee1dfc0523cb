// npm run bench:rides -- [--drivers 1000] [--trips 200] [--seconds 20] [--warmup 5] [--targets memory,redis]
//                         [--redis-url redis://127.0.0.1:6379] [--database-url postgres://…]
// D online drivers each send a `rides.location` every second over their socket; T of them are on an
// active trip whose rider's socket watches `rides:trip:<id>`. Prints the rider-side latency (driver
// sends → rider receives rides.driver_located), p50 and p99, and the server's CPU and memory, for
// the in-memory and the Redis layer (Redis: channel layer and the drivers' GEO positions).
//
// The server (the real app, over an in-memory PGlite unless --database-url) runs in this process;
// every socket runs in one forked child process, so clients and server do not share an event loop.
// Both ends of a latency sample are read in the child (monotonic clock): each location moves its
// driver east by one step, and the step number, read back from the event's `lng`, names the send.
// The memory row is the baseline; the Redis row shows its latency as a ratio of it.
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { AuthResult, Trip } from '@madang/contracts'
import { WebSocket } from 'ws'
import type { App } from '../src/core/http/types.ts'
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

type Target = 'memory' | 'redis'
const TARGETS: readonly Target[] = ['memory', 'redis']

/** East per location, in degrees of longitude: about 9 m at Seoul, a car at ~32 km/h. */
const STEP = 0.0001
const CONNECT_CONCURRENCY = 100
const SETUP_CONCURRENCY = 8
const SEOUL = { lat: 37.5663, lng: 126.9779 }

interface DriverSpec {
  token: string
  lat: number
  lng: number
  /** The trip this driver drives, or null (online, no trip). */
  tripId: string | null
}
interface RiderSpec {
  token: string
  tripId: string
}

type ParentMessage =
  | { kind: 'connect'; url: string; protocols: string[]; drivers: DriverSpec[]; riders: RiderSpec[] }
  | { kind: 'run'; warmupMs: number; measureMs: number }
  | { kind: 'close' }

interface RunResult {
  kind: 'result'
  samples: number
  expected: number
  p50: number
  p99: number
  sent: number
  errors: Record<string, number>
  clientCpuMs: number
}
type ChildMessage = { kind: 'ready' } | RunResult | { kind: 'failed'; message: string }

// --- the client process -------------------------------------------------------------------------

function runClients(): void {
  const send = (message: ChildMessage) => process.send?.(message)
  const drivers: Array<{ spec: DriverSpec; socket: WebSocket; step: number; sentAt: Map<number, number> }> = []
  const riders: WebSocket[] = []
  const byTrip = new Map<string, (typeof drivers)[number]>()
  let latencies: number[] = []
  let measuring = false
  let sent = 0
  const errors: Record<string, number> = {}
  const timers: NodeJS.Timeout[] = []

  const failWith = (error: unknown) =>
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })

  const open = (url: string, protocols: string[], onReady: (socket: WebSocket) => void) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { perMessageDeflate: false })
      socket.once('error', reject)
      socket.on('message', (data: Buffer) => {
        const text = data.toString('utf8')
        if (text.includes('"welcome"')) {
          onReady(socket)
          resolve(socket)
        }
      })
    })

  const onRiderFrame = (data: Buffer) => {
    const at = now()
    const frame = JSON.parse(data.toString('utf8')) as {
      type: string
      event?: string
      data?: { tripId: string; lng: number }
    }
    if (frame.type !== 'event' || frame.event !== 'rides.driver_located' || frame.data === undefined) return
    const driver = byTrip.get(frame.data.tripId)
    if (driver === undefined) return
    const step = Math.round((frame.data.lng - driver.spec.lng) / STEP)
    const sentAt = driver.sentAt.get(step)
    if (sentAt === undefined) return
    driver.sentAt.delete(step)
    latencies.push(at - sentAt)
  }

  const onDriverFrame = (data: Buffer) => {
    const text = data.toString('utf8')
    if (!text.includes('"error"')) return
    const frame = JSON.parse(text) as { type: string; code?: string }
    if (frame.type === 'error') errors[frame.code ?? '?'] = (errors[frame.code ?? '?'] ?? 0) + 1
  }

  async function connect(order: Extract<ParentMessage, { kind: 'connect' }>): Promise<void> {
    const jobs: Array<() => Promise<unknown>> = [
      ...order.drivers.map((spec) => async () => {
        const socket = await open(order.url, [...order.protocols, `bearer.${spec.token}`], (s) =>
          s.on('message', onDriverFrame),
        )
        const driver = { spec, socket, step: 0, sentAt: new Map<number, number>() }
        drivers.push(driver)
        if (spec.tripId !== null) byTrip.set(spec.tripId, driver)
      }),
      ...order.riders.map((spec) => async () => {
        const socket = await open(order.url, [...order.protocols, `bearer.${spec.token}`], () => {})
        await new Promise<void>((resolve, reject) => {
          socket.on('message', (data: Buffer) => {
            const text = data.toString('utf8')
            if (text.includes('"subscribed"')) resolve()
            else if (text.includes('"error"')) reject(new Error(`rider could not subscribe: ${text}`))
          })
          socket.send(JSON.stringify({ type: 'subscribe', ref: 's', channel: `rides:trip:${spec.tripId}` }))
        })
        socket.on('message', onRiderFrame)
        riders.push(socket)
      }),
    ]
    for (let i = 0; i < jobs.length; i += CONNECT_CONCURRENCY) {
      await Promise.all(jobs.slice(i, i + CONNECT_CONCURRENCY).map((job) => job()))
    }
    send({ kind: 'ready' })
  }

  function run(order: Extract<ParentMessage, { kind: 'run' }>): void {
    const startedAt = now()
    const measureFrom = startedAt + order.warmupMs
    const stopAt = measureFrom + order.measureMs
    let cpuAtStart = process.cpuUsage()
    let expected = 0
    const tick = (driver: (typeof drivers)[number]) => {
      const at = now()
      if (at >= stopAt) return
      if (!measuring && at >= measureFrom) {
        measuring = true
        latencies = []
        sent = 0
        for (const key of Object.keys(errors)) delete errors[key]
        cpuAtStart = process.cpuUsage()
      }
      driver.step += 1
      const frame = { type: 'rides.location', lat: driver.spec.lat, lng: driver.spec.lng + driver.step * STEP }
      if (measuring) {
        sent += 1
        if (driver.spec.tripId !== null) {
          expected += 1
          driver.sentAt.set(driver.step, at)
        }
      }
      driver.socket.send(JSON.stringify(frame))
    }
    for (const driver of drivers) {
      // Spread over the second, as real drivers are.
      const first = setTimeout(() => {
        tick(driver)
        timers.push(setInterval(() => tick(driver), 1000))
      }, Math.random() * 1000)
      timers.push(first)
    }
    setTimeout(
      () => {
        for (const timer of timers) clearInterval(timer)
        const cpu = process.cpuUsage(cpuAtStart)
        const sorted = Float64Array.from(latencies).sort()
        send({
          kind: 'result',
          samples: sorted.length,
          expected,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          sent,
          errors: { ...errors },
          clientCpuMs: (cpu.user + cpu.system) / 1000,
        })
      },
      order.warmupMs + order.measureMs + 1500,
    )
  }

  process.on('message', (raw) => {
    const message = raw as ParentMessage
    switch (message.kind) {
      case 'connect':
        connect(message).catch(failWith)
        return
      case 'run':
        run(message)
        return
      case 'close':
        for (const d of drivers) d.socket.terminate()
        for (const r of riders) r.terminate()
        process.disconnect()
        return
      default:
        message satisfies never
    }
  })
}

// --- the server process -------------------------------------------------------------------------

interface Row {
  target: Target
  result: RunResult | null
  serverCpu: number
  rssMb: number
  heapMb: number
  failure: string | null
}

async function runBench(): Promise<void> {
  const { values } = parseArgs({
    options: {
      drivers: { type: 'string', default: '1000' },
      trips: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '5' },
      targets: { type: 'string', default: TARGETS.join(',') },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'database-url': { type: 'string' },
    },
  })
  const driverCount = Number(values.drivers)
  const tripCount = Number(values.trips)
  const seconds = Number(values.seconds)
  const warmup = Number(values.warmup)
  if (![driverCount, tripCount, seconds].every((n) => Number.isInteger(n) && n >= 1) || tripCount > driverCount) {
    fail('--drivers, --trips and --seconds take positive integers, with trips <= drivers')
  }
  const targets = values.targets.split(',').map((t) => t.trim()) as Target[]
  if (targets.some((t) => !TARGETS.includes(t))) fail(`--targets takes ${TARGETS.join(',')}`)
  const redisUrl = values['redis-url']

  const { REALTIME_SUBPROTOCOL } = await import('@madang/contracts')
  const { buildApp } = await import('../src/app.ts')
  const { loadConfig } = await import('../src/config/index.ts')
  const { createCtx, createLogger } = await import('../src/ctx.ts')
  const { openPglite, openPostgres } = await import('../src/core/db/index.ts')
  const { createRedisLayer } = await import('../src/core/realtime/redis-layer.ts')
  const { systemClock } = await import('../src/core/clock.ts')
  const { useDriverPositions } = await import('../src/modules/rides/positions/index.ts')
  const { createRedisPositions } = await import('../src/modules/rides/positions/redis.ts')

  const env = benchEnv({
    AUTH_RATE_LIMIT_PER_IP: '100000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '100000',
    RIDES_DISPATCH_RADIUS_KM: '2',
    RIDES_DISPATCH_WIDEN_AFTER_SECONDS: '3600',
  })
  const baseConfig = loadConfig(env)
  const log = createLogger(baseConfig)
  const database =
    values['database-url'] === undefined
      ? await openPglite()
      : openPostgres({ url: values['database-url'], poolSize: 10 })
  await database.migrate()
  const shared = { ...database, close: async () => {} }

  let drivers: DriverSpec[] | null = null
  let riders: RiderSpec[] | null = null
  const rows: Row[] = []
  const loadBefore = loadavg()[0] ?? 0
  try {
    for (const target of targets) {
      progress(`${target}: starting`)
      const prefix = `madang:bench-rides:${randomBytes(6).toString('hex')}:`
      let layer
      if (target === 'redis') {
        try {
          await assertRedisReachable(redisUrl)
        } catch (error) {
          rows.push({ target, result: null, serverCpu: 0, rssMb: 0, heapMb: 0, failure: messageOf(error) })
          continue
        }
        layer = await createRedisLayer({
          url: redisUrl,
          prefix,
          clock: systemClock,
          size: baseConfig.realtime.historySize,
          ttlMs: baseConfig.realtime.historyTtlSeconds * 1000,
        })
      }
      const config = target === 'redis' ? loadConfig({ ...env, REDIS_URL: redisUrl }) : baseConfig
      const ctx = await createCtx(config, { database: shared, log, layer })
      if (target === 'redis') useDriverPositions(ctx, createRedisPositions({ url: redisUrl, prefix }))
      await ctx.jobs.start()
      const app = await buildApp(ctx)
      await app.listen({ host: '127.0.0.1', port: 0 })
      const address = app.server.address()
      if (address === null || typeof address === 'string') throw new Error('no listening address')
      try {
        // Once: the next target's drivers are online in the database already, and their positions
        // reach its store with their first locations.
        if (drivers === null || riders === null) ({ drivers, riders } = await setUp(app, driverCount, tripCount))
        const child = await startClients(`ws://127.0.0.1:${address.port}/ws`, [REALTIME_SUBPROTOCOL], drivers, riders)
        try {
          progress(`${target}: ${warmup}s warm-up, then ${seconds}s measured`)
          let rss = 0
          let heap = 0
          let cpuAtStart = process.cpuUsage()
          let wallAtStart = now()
          const warm = setTimeout(() => {
            cpuAtStart = process.cpuUsage()
            wallAtStart = now()
          }, warmup * 1000)
          const sampler = setInterval(() => {
            const m = process.memoryUsage()
            rss = Math.max(rss, m.rss)
            heap = Math.max(heap, m.heapUsed)
          }, 250)
          const result = await child.run(warmup * 1000, seconds * 1000)
          clearTimeout(warm)
          clearInterval(sampler)
          const cpu = process.cpuUsage(cpuAtStart)
          const wall = now() - wallAtStart
          rows.push({
            target,
            result,
            serverCpu: (cpu.user + cpu.system) / 1000 / wall,
            rssMb: rss / 2 ** 20,
            heapMb: heap / 2 ** 20,
            failure: null,
          })
        } finally {
          await child.close()
        }
      } catch (error) {
        rows.push({ target, result: null, serverCpu: 0, rssMb: 0, heapMb: 0, failure: messageOf(error) })
      } finally {
        await app.close()
        await ctx.close()
        if (target === 'redis') await deleteKeys(redisUrl, prefix)
      }
    }
  } finally {
    await database.close()
  }
  printReport(rows, { driverCount, tripCount, seconds, loadBefore, loadAfter: loadavg()[0] ?? 0 })
}

/** Signs up the drivers and riders, puts the drivers online around Seoul, and gives T of them a trip. */
async function setUp(
  app: App,
  driverCount: number,
  tripCount: number,
): Promise<{ drivers: DriverSpec[]; riders: RiderSpec[] }> {
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as Record<string, unknown> | undefined,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json<T>()
  }
  const signUp = async (name: string) =>
    (
      await call<AuthResult>('POST', '/api/accounts/signup', null, {
        email: `${name}@bench.example`,
        username: name,
        password: 'plum-orchard-lantern-42',
      })
    ).tokens.accessToken
  const inBatches = async <T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> => {
    const out: T[] = []
    for (let i = 0; i < count; i += SETUP_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(SETUP_CONCURRENCY, count - i) }, (_, k) => make(i + k))
      out.push(...(await Promise.all(batch)))
      if (i % 200 === 0) progress(`  set-up ${i}/${count}`)
    }
    return out
  }
  const tag = randomBytes(3).toString('hex')
  progress(`setting up ${driverCount} drivers and ${tripCount} trips (sign-ups hash passwords: this takes a while)`)
  const drivers = await inBatches(driverCount, async (i) => {
    const token = await signUp(`driver_${tag}_${i}`)
    // Spread over a 20 km square around City Hall.
    const lat = SEOUL.lat + (Math.random() - 0.5) * 0.18
    const lng = SEOUL.lng + (Math.random() - 0.5) * 0.22
    await call('PUT', '/api/rides/driver', token, { vehicle: 'Bench car', plate: `B${i}` })
    await call('POST', '/api/rides/driver/online', token, { lat, lng })
    const spec: DriverSpec = { token, lat, lng, tripId: null }
    return spec
  })
  const riders = await inBatches(tripCount, async (i) => {
    const driver = drivers[i] as DriverSpec
    const token = await signUp(`rider_${tag}_${i}`)
    const trip = await call<Trip>('POST', '/api/rides/trips', token, {
      pickUp: { address: `Bench pick-up ${i}`, lat: driver.lat + 0.002, lng: driver.lng },
      dropOff: { address: `Bench drop-off ${i}`, lat: driver.lat + 0.03, lng: driver.lng + 0.03 },
    })
    await call('POST', `/api/rides/trips/${trip.id}/accept`, driver.token)
    driver.tripId = trip.id
    return { token, tripId: trip.id }
  })
  return { drivers, riders }
}

interface Clients {
  run(warmupMs: number, measureMs: number): Promise<RunResult>
  close(): Promise<void>
}

async function startClients(
  url: string,
  protocols: string[],
  drivers: DriverSpec[],
  riders: RiderSpec[],
): Promise<Clients> {
  const child = forkClients<ParentMessage, ChildMessage>(fileURLToPath(import.meta.url))
  try {
    const ready = child.converse(120_000, (m) => (m.kind === 'ready' ? true : undefined))
    child.send({ kind: 'connect', url, protocols, drivers, riders } satisfies ParentMessage)
    await ready
  } catch (error) {
    await child.close()
    throw error
  }
  return {
    async run(warmupMs, measureMs) {
      const result = child.converse(warmupMs + measureMs + 60_000, (m) => (m.kind === 'result' ? m : undefined))
      child.send({ kind: 'run', warmupMs, measureMs } satisfies ParentMessage)
      return result
    },
    close: () => child.close(),
  }
}

function printReport(
  rows: Row[],
  run: { driverCount: number; tripCount: number; seconds: number; loadBefore: number; loadAfter: number },
): void {
  const baseline = rows.find((r) => r.target === 'memory')?.result ?? null
  const lines = [
    '',
    `Rides live locations: ${run.driverCount} online drivers sending rides.location every second, ${run.tripCount}`,
    `active trips with the rider's socket on rides:trip:<id>; ${run.seconds} s measured after the warm-up.`,
    `Latency: driver socket sends → rider socket receives rides.driver_located (same client process).`,
    `${cpus().length} CPUs, 1-min load average ${run.loadBefore.toFixed(1)} before and ${run.loadAfter.toFixed(1)} after.`,
    '',
    '| layer | locations/s in | rider events | p50 ms | p99 ms | p99 vs memory | server CPU | server RSS MB | heap MB | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      if (r.result === null) return `| ${r.target} | failed: ${r.failure ?? '?'} | | | | | | | | |`
      const res = r.result
      const ratio = baseline === null || r.target === 'memory' ? '1.00×' : `${(res.p99 / baseline.p99).toFixed(2)}×`
      const errors = Object.entries(res.errors)
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ')
      return `| ${r.target} | ${Math.round(res.sent / run.seconds)} | ${res.samples}/${res.expected} | ${formatMs(res.p50)} | ${formatMs(res.p99)} | ${ratio} | ${Math.round(r.serverCpu * 100)}% | ${r.rssMb.toFixed(0)} | ${r.heapMb.toFixed(0)} | ${errors || 'none'} |`
    }),
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`)
}

if (process.argv.includes('--role=clients')) runClients()
else {
  await runBench()
  // Done: like the server on shutdown, do not wait for idle handles (e.g. pooled sockets) to time out.
  process.exit(0)
}
