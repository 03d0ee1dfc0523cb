import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import type { AuthResult, Feedback } from '@madang/contracts'
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import type { Clock } from '../../core/clock.ts'
import { tasks, type TaskRow } from '../../core/jobs/tables.ts'
import { newUserInput, startTestServer, type HttpResponse, type TestServer } from '../../test/server.ts'
import { ensureStaffUser } from '../accounts/index.ts'

/** Shared set-up of the feedback tests: a server over its own data directory, and its users. */

export interface FeedbackTestServer {
  server: TestServer
  /** DATA_DIR of this server; screenshots land in `<dataDir>/uploads/feedback`. */
  dataDir: string
  screenshotsDir: string
  /** Closes the server and removes its data directory. */
  close(): Promise<void>
  signUp(overrides?: Record<string, unknown>): Promise<AuthResult>
  /** Creates (or promotes) a staff user and signs them in. */
  signUpStaff(overrides?: Record<string, unknown>): Promise<AuthResult>
  /**
   * GET of a file, on a connection of its own that closes after the response: a streamed response
   * can reach the client before the server has ended it, and a kept-alive connection would then
   * hold the server's close for the keep-alive timeout.
   */
  download(path: string, token: string): Promise<HttpResponse<Buffer>>
  /** POST /api/feedback as multipart/form-data. */
  postForm<T = Feedback>(token: string, fields: Record<string, string>, files?: FormFile[]): Promise<HttpResponse<T>>
}

export interface FormFile {
  field: string
  name: string
  bytes: Uint8Array
  type?: string
}

export async function startFeedbackServer(
  options: { env?: Record<string, string>; clock?: Clock; workers?: boolean } = {},
): Promise<FeedbackTestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'madang-feedback-'))
  const server = await startTestServer({
    env: { DATA_DIR: dataDir, JOBS_POLL_INTERVAL_SECONDS: '1', MAIL_RETRY_DELAY_SECONDS: '0', ...options.env },
    clock: options.clock,
  })
  // The queues must exist before a request enqueues in its transaction (main.ts does the same).
  if (options.workers === true) await server.ctx.jobs.startWorkers()
  else await server.ctx.jobs.start()
  const signUp = async (overrides: Record<string, unknown> = {}) => {
    const res = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput(overrides) })
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body
  }
  return {
    server,
    dataDir,
    screenshotsDir: path.join(dataDir, 'uploads', 'feedback'),
    async close() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
    signUp,
    async signUpStaff(overrides = {}) {
      const user = await signUp(overrides)
      await ensureStaffUser(server.ctx, { email: user.user.email, username: user.user.username, password: PASSWORD })
      // Roles are read per request, so the token from sign-up already acts as staff.
      return user
    },
    download(target, token) {
      return new Promise((resolve, reject) => {
        const req = request(
          `${server.url}${target}`,
          { agent: false, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (chunk: Buffer) => chunks.push(chunk))
            res.on('error', reject)
            res.on('end', () => {
              const headers = new Headers()
              for (const [name, value] of Object.entries(res.headers)) {
                if (typeof value === 'string') headers.set(name, value)
              }
              resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
            })
          },
        )
        req.on('error', reject)
        req.end()
      })
    },
    async postForm<T = Feedback>(token: string, fields: Record<string, string>, files: FormFile[] = []) {
      const form = new FormData()
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      for (const file of files) {
        form.append(file.field, new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name)
      }
      const response = await fetch(`${server.url}/api/feedback`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      })
      const text = await response.text()
      const body = (response.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as never) : text
      return { status: response.status, headers: response.headers, body: body as T }
    },
  }
}

const PASSWORD = String(newUserInput().password)

/**
 * A real PNG image of `width` x `height` pixels, built byte by byte (signature, IHDR, IDAT, IEND
 * with their CRCs), optionally followed by `padTo` bytes in total of trailing zeros.
 */
export function pngBytes(width = 1, height = 1, padTo = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(typed))
    return Buffer.concat([length, typed, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(6, 9) // RGBA
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, 0x7f)])
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return padTo > png.length ? Buffer.concat([png, Buffer.alloc(padTo - png.length)]) : png
}

/** Waits until `count` tasks of the job `jobName` exist and all have finished; returns them. */
export async function finishedTasks(server: TestServer, jobName: string, count: number): Promise<TaskRow[]> {
  const read = () => server.ctx.db.select().from(tasks).where(eq(tasks.jobName, jobName))
  await expect
    .poll(async () => (await read()).filter((t) => t.state === 'completed' || t.state === 'failed').length, {
      timeout: 30_000,
      interval: 200,
    })
    .toBe(count)
  return read()
}
