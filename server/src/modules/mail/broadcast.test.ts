import { readdirSync, readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AuthResult, BroadcastResult, EventFrame, Problem, Task, TaskRef } from '@madang/contracts'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts'
import { openTestSocket } from '../../test/ws-client.ts'
import { ensureStaffUser } from '../accounts/index.ts'

const servers: TestServer[] = []
const smtps: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await Promise.all(smtps.splice(0).map((s) => s.close()))
})
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function setUp(env: Record<string, string>, options: { workers?: boolean } = {}) {
  const server = await startTestServer({
    env: { JOBS_POLL_INTERVAL_SECONDS: '1', MAIL_RETRY_DELAY_SECONDS: '0', ...env },
  })
  servers.push(server)
  if (options.workers !== false) await server.ctx.jobs.startWorkers()
  const staff = newUserInput()
  await ensureStaffUser(server.ctx, staff)
  const signIn = await server.http<AuthResult>('POST', '/api/accounts/signin', {
    body: { login: staff.username, password: staff.password },
  })
  return { server, staff: signIn.body }
}

async function finished(server: TestServer, token: string, taskId: string): Promise<Task> {
  await expect
    .poll(async () => (await server.http<Task>('GET', `/api/tasks/${taskId}`, { token })).body.state, {
      timeout: 30_000,
      interval: 250,
    })
    .toMatch(/^(completed|failed)$/)
  return (await server.http<Task>('GET', `/api/tasks/${taskId}`, { token })).body
}

describe('POST /api/mail/broadcast', () => {
  it('answers 202 at once, sends to every good address over SMTP and reports the refused one with its reason', async () => {
    const smtp = await startSmtpServer()
    smtps.push(smtp)
    const { server, staff } = await setUp({ SMTP_URL: smtp.url })
    const korean = newUserInput({ locale: 'ko' })
    const english = newUserInput({ locale: 'en' })
    for (const user of [korean, english]) await server.http('POST', '/api/accounts/signup', { body: user })
    const socket = await openTestSocket(server.url, { token: staff.tokens.accessToken })
    await socket.next((f) => f.type === 'welcome')

    const res = await server.http<TaskRef>('POST', '/api/mail/broadcast', {
      token: staff.tokens.accessToken,
      body: {
        recipients: [korean.email, 'nobody@reject.test', english.email],
        subject: 'Service notice',
        text: 'We will be down for an hour <tonight>.',
      },
    })
    expect(res.status).toBe(202)
    expect(res.body.state).toBe('queued')
    const task = await finished(server, staff.tokens.accessToken, res.body.taskId)
    expect(task.state).toBe('completed')
    expect(task.result as BroadcastResult).toEqual({
      sent: 2,
      failed: [{ recipient: 'nobody@reject.test', code: '550', reason: expect.stringContaining('no such user') }],
    })

    expect(
      smtp.received
        .map((m) => m.rcptTo)
        .flat()
        .sort(),
    ).toEqual([english.email, korean.email].sort())
    const byRecipient = new Map(
      await Promise.all(smtp.received.map(async (m) => [m.rcptTo[0], await simpleParser(m.raw)] as const)),
    )
    const ko = byRecipient.get(korean.email)
    const en = byRecipient.get(english.email)
    expect(ko?.subject).toBe('[Madang] Service notice')
    expect(ko?.text).toContain('Madang 사용자라서 받는 메일입니다.')
    expect(en?.text).toContain('You receive this message as a Madang user.')
    expect(en?.text).toContain('<tonight>')
    expect(en?.html).toContain('&lt;tonight&gt;')

    const progress = socket.frames
      .filter((f): f is EventFrame<Task> => f.type === 'event' && f.event === 'tasks.task_changed')
      .map((f) => f.data.progress)
    expect(progress).toEqual(expect.arrayContaining([33, 67, 100]))
    socket.close()
  })

  it('retries the addresses that failed transiently and never sends twice to the others', async () => {
    const smtp = await startSmtpServer({ transientOnce: ['later@example.com'] })
    smtps.push(smtp)
    const { server, staff } = await setUp({ SMTP_URL: smtp.url })
    const res = await server.http<TaskRef>('POST', '/api/mail/broadcast', {
      token: staff.tokens.accessToken,
      body: {
        recipients: ['first@example.com', 'later@example.com', 'last@example.com'],
        subject: 'Hi',
        text: 'Hello',
      },
    })
    const task = await finished(server, staff.tokens.accessToken, res.body.taskId)
    expect(task).toMatchObject({ state: 'completed', attempts: 2, result: { sent: 3, failed: [] } })
    const deliveries = smtp.received.map((m) => m.rcptTo[0]).sort()
    expect(deliveries).toEqual(['first@example.com', 'last@example.com', 'later@example.com'])
  })

  it('writes .eml files to the outbox when no SMTP server is configured', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'madang-outbox-'))
    const { server, staff } = await setUp({ DATA_DIR: dataDir })
    expect(server.ctx.mail.kind).toBe('outbox')
    const res = await server.http<TaskRef>('POST', '/api/mail/broadcast', {
      token: staff.tokens.accessToken,
      body: { recipients: ['a@example.com', 'b@example.com'], subject: 'Outbox', text: 'Written, not sent' },
    })
    expect((await finished(server, staff.tokens.accessToken, res.body.taskId)).state).toBe('completed')
    const files = readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))
    expect(files).toHaveLength(2)
    const parsed = await simpleParser(readFileSync(path.join(dataDir, 'outbox', files[0] ?? '')))
    expect(parsed.subject).toBe('[Madang] Outbox')
  })

  it('refuses a user who is not staff with 403 and a bad body with 400 naming the field', async () => {
    const { server } = await setUp({}, { workers: false })
    const user = (await server.http<AuthResult>('POST', '/api/accounts/signup', { body: newUserInput() })).body
    const forbidden = await server.http<Problem>('POST', '/api/mail/broadcast', {
      token: user.tokens.accessToken,
      body: { recipients: ['a@example.com'], subject: 'x', text: 'y' },
    })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.code).toBe('auth.forbidden')
    const staffLogin = newUserInput()
    await ensureStaffUser(server.ctx, staffLogin)
    const staff = (
      await server.http<AuthResult>('POST', '/api/accounts/signin', {
        body: { login: staffLogin.username, password: staffLogin.password },
      })
    ).body
    const bad = await server.http<Problem>('POST', '/api/mail/broadcast', {
      token: staff.tokens.accessToken,
      body: { recipients: ['not-an-email'], subject: '', text: 'y' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors?.map((e) => e.pointer).sort()).toEqual(['/body/recipients/0', '/body/subject'])
  })
})
