import {
  FEEDBACK_STATUS_CHANGED_EVENT,
  type EventFrame,
  type Feedback,
  type FeedbackPage,
  type Problem,
} from '@madang/contracts'
import { simpleParser } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp.ts'
import { openTestSocket } from '../../test/ws-client.ts'
import { finishedTasks, pngBytes, startFeedbackServer, type FeedbackTestServer } from './testing.ts'

const started: FeedbackTestServer[] = []
const smtps: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()))
  await Promise.all(smtps.splice(0).map((s) => s.close()))
})

async function setUp(options: Parameters<typeof startFeedbackServer>[0] = {}) {
  const t = await startFeedbackServer(options)
  started.push(t)
  return t
}

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const smtp = await startSmtpServer(options)
  smtps.push(smtp)
  return smtp
}

const FIELDS = { category: 'bug', title: 'Crash <on> save', description: 'The app closes when I tap save.' }

async function post(t: FeedbackTestServer, token: string, body: Record<string, string> = FIELDS): Promise<Feedback> {
  const res = await t.server.http<Feedback>('POST', '/api/feedback', { token, body })
  expect(res.status).toBe(201)
  return res.body
}

/** Follows nextCursor from the first page to the last, returning every page. */
async function allPages(t: FeedbackTestServer, token: string, path: string): Promise<FeedbackPage[]> {
  const pages: FeedbackPage[] = []
  let cursor: string | null = null
  do {
    const separator = path.includes('?') ? '&' : '?'
    const url: string = cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`
    const res = await t.server.http<FeedbackPage>('GET', url, { token })
    expect(res.status).toBe(200)
    pages.push(res.body)
    cursor = res.body.nextCursor
  } while (cursor !== null && pages.length < 20)
  return pages
}

describe('feedback.notify-staff', () => {
  it('mails every staff user exactly once, in their own language, even when the job is retried', async () => {
    const smtp = await smtpServer({ transientOnce: ['staff.en@example.com'] })
    const t = await setUp({ env: { SMTP_URL: smtp.url }, workers: true })
    await t.signUpStaff({ email: 'staff.ko@example.com', locale: 'ko' })
    await t.signUpStaff({ email: 'staff.en@example.com', locale: 'en' })
    const author = await t.signUp({ email: 'mina@example.com', displayName: 'Mina Park' })

    const item = await post(t, author.tokens.accessToken)
    const [task] = await finishedTasks(t.server, 'feedback.notify-staff', 1)
    expect(task).toMatchObject({ state: 'completed', attempts: 2, result: { sent: 2, failed: 0 } })

    expect(smtp.received.map((m) => m.rcptTo).sort()).toEqual([['staff.en@example.com'], ['staff.ko@example.com']])
    const mails = new Map(
      await Promise.all(smtp.received.map(async (m) => [m.rcptTo[0], await simpleParser(m.raw)] as const)),
    )
    const ko = mails.get('staff.ko@example.com')
    const en = mails.get('staff.en@example.com')
    expect(ko?.subject).toBe('[Madang] 버그: Crash <on> save')
    expect(ko?.text).toContain('Mina Park <mina@example.com> 님이 의견을 보냈습니다.')
    expect(ko?.text).toContain('The app closes when I tap save.')
    expect(en?.subject).toBe('[Madang] Bug: Crash <on> save')
    expect(en?.text).toContain('New feedback from Mina Park <mina@example.com>')
    expect(en?.text).toContain(`Feedback ${item.id}.`)
    expect(en?.html).toContain('Crash &lt;on&gt; save')
  })
})

describe('staff views', () => {
  it("lists everyone's feedback for staff newest first, filtered by status, a page at a time", async () => {
    const clock = createManualClock(new Date('2025-03-01T09:00:00Z'))
    const t = await setUp({ clock })
    const staff = await t.signUpStaff()
    const [ana, ben] = [await t.signUp(), await t.signUp()]
    const created: Feedback[] = []
    for (const [index, user] of [ana, ben, ana, ben, ana].entries()) {
      clock.advance(1000)
      created.push(await post(t, user.tokens.accessToken, { ...FIELDS, title: `Item ${index}` }))
    }
    const newestFirst = created.map((f) => f.id).reverse()
    const token = staff.tokens.accessToken
    for (const id of [created[1]?.id, created[3]?.id]) {
      const res = await t.server.http<Feedback>('PATCH', `/api/feedback/${id}`, {
        token,
        body: { status: 'processing' },
      })
      expect(res.status).toBe(200)
    }

    const pages = await allPages(t, token, '/api/feedback?limit=2')
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1])
    expect(pages.flatMap((p) => p.items.map((f) => f.id))).toEqual(newestFirst)

    const processing = await allPages(t, token, '/api/feedback?status=processing')
    expect(processing.flatMap((p) => p.items.map((f) => f.title))).toEqual(['Item 3', 'Item 1'])
    const pending = await allPages(t, token, '/api/feedback?status=pending&limit=2')
    expect(pending.flatMap((p) => p.items.map((f) => f.title))).toEqual(['Item 4', 'Item 2', 'Item 0'])

    const anaOwn = await allPages(t, ana.tokens.accessToken, '/api/feedback/mine?limit=1')
    expect(anaOwn.flatMap((p) => p.items.map((f) => f.title))).toEqual(['Item 4', 'Item 2', 'Item 0'])
  })

  it('pages through feedback created in the same millisecond without skipping or repeating any', async () => {
    const t = await setUp({ clock: createManualClock(new Date('2025-03-01T09:00:00Z')) })
    const staff = await t.signUpStaff()
    const author = await t.signUp()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await post(t, author.tokens.accessToken)).id)
    const pages = await allPages(t, staff.tokens.accessToken, '/api/feedback?limit=2')
    expect(pages.flatMap((p) => p.items.map((f) => f.id))).toEqual([...ids].sort().reverse())
  })

  it('refuses a cursor it did not make with feedback.invalid_cursor', async () => {
    const t = await setUp()
    const staff = await t.signUpStaff()
    for (const cursor of ['not-a-cursor', Buffer.from('123.not-a-uuid').toString('base64url')]) {
      const res = await t.server.http<Problem>('GET', `/api/feedback?cursor=${cursor}`, {
        token: staff.tokens.accessToken,
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('feedback.invalid_cursor')
      expect(res.body.errors?.map((e) => e.pointer)).toEqual(['/querystring/cursor'])
    }
  })

  it('lets only staff list feedback and change its status: 403 for others, 404 for an unknown id, 400 for an unknown status', async () => {
    const t = await setUp()
    const author = await t.signUp()
    const item = await post(t, author.tokens.accessToken)
    const list = await t.server.http<Problem>('GET', '/api/feedback', { token: author.tokens.accessToken })
    expect(list.status).toBe(403)
    expect(list.body.code).toBe('auth.forbidden')
    const own = await t.server.http<Problem>('PATCH', `/api/feedback/${item.id}`, {
      token: author.tokens.accessToken,
      body: { status: 'completed' },
    })
    expect(own.status).toBe(403)
    expect(own.body.code).toBe('auth.forbidden')

    const staff = await t.signUpStaff()
    const unknown = await t.server.http<Problem>('PATCH', '/api/feedback/00000000-0000-4000-8000-000000000000', {
      token: staff.tokens.accessToken,
      body: { status: 'completed' },
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('feedback.feedback_not_found')
    const bad = await t.server.http<Problem>('PATCH', `/api/feedback/${item.id}`, {
      token: staff.tokens.accessToken,
      body: { status: 'done' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors?.map((e) => [e.pointer, e.code])).toEqual([['/body/status', 'validation.enum']])
    const unchanged = await t.server.http<Feedback>('GET', `/api/feedback/${item.id}`, {
      token: author.tokens.accessToken,
    })
    expect(unchanged.body.status).toBe('pending')
  })
})

describe('PATCH /api/feedback/:id', () => {
  it('tells the author of each change on their user channel and by mail in their language, once per change', async () => {
    const smtp = await smtpServer()
    const t = await setUp({ env: { SMTP_URL: smtp.url }, workers: true })
    const staff = await t.signUpStaff({ email: 'staff@example.com' })
    const author = await t.signUp({ email: 'author@example.com', locale: 'en', displayName: 'Mina' })
    const created = await t.postForm(author.tokens.accessToken, FIELDS, [
      { field: 'screenshot', name: 'shot.png', bytes: pngBytes() },
    ])
    expect(created.status).toBe(201)
    const socket = await openTestSocket(t.server.url, { token: author.tokens.accessToken })
    await socket.next((f) => f.type === 'welcome')

    const change = (status: string) =>
      t.server.http<Feedback>('PATCH', `/api/feedback/${created.body.id}`, {
        token: staff.tokens.accessToken,
        body: { status },
      })
    const processing = await change('processing')
    expect(processing.status).toBe(200)
    expect(processing.body).toMatchObject({ id: created.body.id, status: 'processing' })
    // The same status again changes nothing and tells no one.
    const again = await change('processing')
    expect(again.body).toEqual(processing.body)
    expect((await change('completed')).body.status).toBe('completed')

    const isChange = (f: { type: string }): f is EventFrame<Feedback> =>
      f.type === 'event' && (f as EventFrame).event === FEEDBACK_STATUS_CHANGED_EVENT
    await socket.next((f) => isChange(f) && f.data.status === 'completed')
    const events = socket.frames.filter(isChange)
    expect(events.map((e) => [e.channel, e.data.status])).toEqual([
      [`user:${author.user.id}`, 'processing'],
      [`user:${author.user.id}`, 'completed'],
    ])
    expect(events[1]?.data).toMatchObject({ screenshot: created.body.screenshot, authorId: author.user.id })
    socket.close()

    const tasks = await finishedTasks(t.server, 'feedback.notify-author', 2)
    expect(tasks.map((task) => task.state)).toEqual(['completed', 'completed'])
    const toAuthor = smtp.received.filter((m) => m.rcptTo.includes('author@example.com'))
    const subjects = await Promise.all(toAuthor.map(async (m) => (await simpleParser(m.raw)).subject))
    expect(subjects.sort()).toEqual(['[Madang] Your feedback is completed', '[Madang] Your feedback is in progress'])
    const text = (await simpleParser(toAuthor[0]?.raw ?? '')).text
    expect(text).toContain('Hello Mina,')
    expect(text).toContain('Your feedback "Crash <on> save" (Bug)')
  })

  it('mails a Korean-speaking author in Korean', async () => {
    const smtp = await smtpServer()
    const t = await setUp({ env: { SMTP_URL: smtp.url }, workers: true })
    const staff = await t.signUpStaff()
    const author = await t.signUp({ email: 'jisu@example.com', locale: 'ko', displayName: '지수' })
    const item = await post(t, author.tokens.accessToken, { ...FIELDS, category: 'feature', title: '다크 모드' })
    await t.server.http('PATCH', `/api/feedback/${item.id}`, {
      token: staff.tokens.accessToken,
      body: { status: 'completed' },
    })
    await finishedTasks(t.server, 'feedback.notify-author', 1)
    const [mail] = smtp.received.filter((m) => m.rcptTo.includes('jisu@example.com'))
    const parsed = await simpleParser(mail?.raw ?? '')
    expect(parsed.subject).toBe('[Madang] 보내주신 의견이 완료 상태가 되었습니다')
    expect(parsed.text).toContain('지수 님, 안녕하세요.')
    expect(parsed.text).toContain('"다크 모드"(기능 요청)')
  })
})
