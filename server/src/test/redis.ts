import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { inject } from 'vitest'

/** The Redis of this test run (found on 127.0.0.1:6379 or started by the global setup). */
export function testRedisUrl(): string {
  return inject('testRedisUrl')
}

/** A unique key prefix, so test files sharing one Redis never see each other's channels. */
export function uniquePrefix(): string {
  return `madang:test:${process.pid}:${Math.random().toString(36).slice(2)}:`
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * A redis-server of a test's own on a free port, which the test may stop and start again (to see
 * how the app rides out an outage) without touching the Redis other tests use.
 */
export interface PrivateRedis {
  url: string
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    })
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await redisAnswers(url)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }
  const stop = async () => {
    const running = child
    if (running === null) return
    child = null
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGKILL')
    })
  }
  await start()
  return { url, start, stop }
}
