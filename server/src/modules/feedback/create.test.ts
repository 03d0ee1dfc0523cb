import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FEEDBACK_SCREENSHOT_MAX_BYTES, type Feedback, type FeedbackPage, type Problem } from '@madang/contracts'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { pngBytes, startFeedbackServer, type FeedbackTestServer } from './testing.ts'

const started: FeedbackTestServer[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()))
})

async function setUp() {
  const t = await startFeedbackServer()
  started.push(t)
  const author = await t.signUp()
  return { ...t, author, token: author.tokens.accessToken }
}

const FIELDS = { category: 'bug', title: 'Crash on save', description: 'The app closes when I tap save.' }

function storedFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : []
}

async function myFeedback(t: FeedbackTestServer, token: string): Promise<Feedback[]> {
  return (await t.server.http<FeedbackPage>('GET', '/api/feedback/mine', { token })).body.items
}

describe('POST /api/feedback', () => {
  it('refuses a sixth post by one user within ten minutes with 429 and Retry-After, before reading the form', async () => {
    const t = await setUp()
    for (let i = 0; i < 5; i++) {
      const ok = await t.server.http('POST', '/api/feedback', { token: t.token, body: FIELDS })
      expect(ok.status).toBe(201)
    }
    const limited = await t.server.http<Problem>('POST', '/api/feedback', { token: t.token, body: FIELDS })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('http.rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    const other = await t.signUp()
    expect(
      (await t.server.http('POST', '/api/feedback', { token: other.tokens.accessToken, body: FIELDS })).status,
    ).toBe(201)
  })

  it.each([
    ['no boundary', 'multipart/form-data', 'title=x'],
    [
      'a truncated body',
      'multipart/form-data; boundary=XYZ',
      '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nCras',
    ],
  ])('answers a malformed form (%s) with 400 feedback.invalid_form, not 500', async (_case, contentType, rawBody) => {
    const t = await setUp()
    const res = await t.server.http<Problem>('POST', '/api/feedback', {
      token: t.token,
      rawBody,
      headers: { 'content-type': contentType },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('feedback.invalid_form')
    expect(await myFeedback(t, t.token)).toEqual([])
  })

  it('files JSON feedback as pending, without a screenshot, and shows it to its author', async () => {
    const t = await setUp()
    const res = await t.server.http<Feedback>('POST', '/api/feedback', {
      token: t.token,
      body: { category: 'feature', title: '  Dark mode  ', description: 'Please add a dark theme.' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      authorId: t.author.user.id,
      category: 'feature',
      title: 'Dark mode',
      description: 'Please add a dark theme.',
      status: 'pending',
      screenshot: null,
    })
    expect((await t.server.http<Feedback>('GET', `/api/feedback/${res.body.id}`, { token: t.token })).body).toEqual(
      res.body,
    )
    expect(await myFeedback(t, t.token)).toEqual([res.body])
  })

  it('files a multipart form without a file, and takes an empty file input as no screenshot', async () => {
    const t = await setUp()
    const plain = await t.postForm(t.token, FIELDS)
    expect(plain.status).toBe(201)
    expect(plain.body).toMatchObject({ ...FIELDS, status: 'pending', screenshot: null })
    const empty = await t.postForm(t.token, FIELDS, [{ field: 'screenshot', name: '', bytes: new Uint8Array() }])
    expect(empty.status).toBe(201)
    expect(empty.body.screenshot).toBeNull()
    expect(storedFiles(t.screenshotsDir)).toEqual([])
  })

  it('keeps a real PNG, judged by its bytes whatever its name, and serves it back with its sniffed type', async () => {
    const t = await setUp()
    const png = pngBytes(3, 2)
    const res = await t.postForm(t.token, FIELDS, [
      { field: 'screenshot', name: 'capture.bin', bytes: png, type: 'application/octet-stream' },
    ])
    expect(res.status).toBe(201)
    expect(res.body.screenshot).toEqual({
      contentType: 'image/png',
      size: png.length,
      url: `/api/feedback/${res.body.id}/screenshot`,
    })
    expect(storedFiles(t.screenshotsDir)).toEqual([`${res.body.id}.png`])
    expect(readFileSync(path.join(t.screenshotsDir, `${res.body.id}.png`))).toEqual(png)

    const download = await t.download(`/api/feedback/${res.body.id}/screenshot`, t.token)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('image/png')
    expect(download.headers.get('x-content-type-options')).toBe('nosniff')
    expect(download.headers.get('content-length')).toBe(String(png.length))
    expect(download.body).toEqual(png)
  })

  it('refuses a text file named .png and sent as image/png with feedback.unsupported_image, storing nothing', async () => {
    const t = await setUp()
    const res = await t.postForm<Problem>(t.token, FIELDS, [
      {
        field: 'screenshot',
        name: 'screenshot.png',
        bytes: Buffer.from('just some text, honest\n'),
        type: 'image/png',
      },
    ])
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('feedback.unsupported_image')
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const script = await t.postForm<Problem>(t.token, FIELDS, [
      { field: 'screenshot', name: 'x.png', bytes: svg, type: 'image/svg+xml' },
    ])
    expect(script.status).toBe(400)
    expect(script.body.code).toBe('feedback.unsupported_image')
    expect(storedFiles(t.screenshotsDir)).toEqual([])
    expect(await myFeedback(t, t.token)).toEqual([])
  })

  it('takes a screenshot of exactly 5 MiB and refuses one byte more with feedback.screenshot_too_large, storing nothing', async () => {
    const t = await setUp()
    const atLimit = await t.postForm(t.token, FIELDS, [
      { field: 'screenshot', name: 'big.png', bytes: pngBytes(1, 1, FEEDBACK_SCREENSHOT_MAX_BYTES), type: 'image/png' },
    ])
    expect(atLimit.status).toBe(201)
    expect(atLimit.body.screenshot?.size).toBe(FEEDBACK_SCREENSHOT_MAX_BYTES)

    const tooLarge = await t.postForm<Problem>(t.token, { ...FIELDS, title: 'Too large' }, [
      {
        field: 'screenshot',
        name: 'huge.png',
        bytes: pngBytes(1, 1, FEEDBACK_SCREENSHOT_MAX_BYTES + 1),
        type: 'image/png',
      },
    ])
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.body.code).toBe('feedback.screenshot_too_large')
    expect(storedFiles(t.screenshotsDir)).toEqual([`${atLimit.body.id}.png`])
    expect((await myFeedback(t, t.token)).map((f) => f.title)).toEqual([FIELDS.title])
  })

  it('removes the stored screenshot when the feedback row cannot be committed', async () => {
    const t = await setUp()
    // A constraint the row will break, so the insert fails after the file was written.
    await t.server.ctx.db.execute(
      sql.raw(`alter table feedback.items add constraint test_refuses check (title <> 'refused by the database')`),
    )
    const res = await t.postForm<Problem>(t.token, { ...FIELDS, title: 'refused by the database' }, [
      { field: 'screenshot', name: 'a.png', bytes: pngBytes(), type: 'image/png' },
    ])
    expect(res.status).toBe(500)
    expect(res.body.code).toBe('http.internal')
    expect(storedFiles(t.screenshotsDir)).toEqual([])
    expect(await myFeedback(t, t.token)).toEqual([])
  })

  it('refuses a second file, or a file under another name, with feedback.invalid_form', async () => {
    const t = await setUp()
    const two = await t.postForm<Problem>(t.token, FIELDS, [
      { field: 'screenshot', name: 'a.png', bytes: pngBytes(), type: 'image/png' },
      { field: 'screenshot', name: 'b.png', bytes: pngBytes(), type: 'image/png' },
    ])
    expect(two.status).toBe(400)
    expect(two.body.code).toBe('feedback.invalid_form')
    const other = await t.postForm<Problem>(t.token, FIELDS, [
      { field: 'video', name: 'a.png', bytes: pngBytes(), type: 'image/png' },
    ])
    expect(other.status).toBe(400)
    expect(other.body.code).toBe('feedback.invalid_form')
    expect(other.body.errors?.map((e) => e.pointer)).toEqual(['/body/video'])
    expect(storedFiles(t.screenshotsDir)).toEqual([])
    expect(await myFeedback(t, t.token)).toEqual([])
  })

  it('answers 400 naming every invalid field, for JSON and for forms alike', async () => {
    const t = await setUp()
    const json = await t.server.http<Problem>('POST', '/api/feedback', {
      token: t.token,
      body: { category: 'question', title: '', description: 'x'.repeat(5001), extra: true },
    })
    expect(json.status).toBe(400)
    expect(json.body.code).toBe('http.validation_failed')
    expect(json.body.errors?.map((e) => [e.pointer, e.code]).sort()).toEqual([
      ['/body/category', 'validation.enum'],
      ['/body/description', 'validation.maxLength'],
      ['/body/extra', 'validation.additionalProperties'],
      ['/body/title', 'validation.minLength'],
      ['/body/title', 'validation.pattern'],
    ])

    const form = await t.postForm<Problem>(t.token, { category: 'bug', title: 'x'.repeat(201), description: '   ' })
    expect(form.status).toBe(400)
    expect(form.body.code).toBe('http.validation_failed')
    expect(form.body.errors?.map((e) => [e.pointer, e.code]).sort()).toEqual([
      ['/body/description', 'validation.pattern'],
      ['/body/title', 'validation.maxLength'],
    ])

    const missing = await t.postForm<Problem>(t.token, { title: 'No category' }, [
      { field: 'screenshot', name: 'a.png', bytes: pngBytes(), type: 'image/png' },
    ])
    expect(missing.status).toBe(400)
    expect(missing.body.errors?.map((e) => e.pointer).sort()).toEqual(['/body/category', '/body/description'])
    expect(storedFiles(t.screenshotsDir)).toEqual([])
    expect(await myFeedback(t, t.token)).toEqual([])
  })

  it('requires a signed-in caller', async () => {
    const t = await setUp()
    const res = await t.server.http<Problem>('POST', '/api/feedback', { body: FIELDS })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('auth.missing_token')
  })
})

describe('reading feedback', () => {
  it("hides someone else's feedback and screenshot with 404, and shows both to staff", async () => {
    const t = await setUp()
    const png = pngBytes()
    const mine = await t.postForm(t.token, FIELDS, [{ field: 'screenshot', name: 'a.png', bytes: png }])
    const other = await t.signUp()
    for (const url of [`/api/feedback/${mine.body.id}`, `/api/feedback/${mine.body.id}/screenshot`]) {
      const res = await t.server.http<Problem>('GET', url, { token: other.tokens.accessToken })
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('feedback.feedback_not_found')
    }
    expect(await myFeedback(t, other.tokens.accessToken)).toEqual([])

    const staff = await t.signUpStaff()
    const seen = await t.server.http<Feedback>('GET', `/api/feedback/${mine.body.id}`, {
      token: staff.tokens.accessToken,
    })
    expect(seen.body).toEqual(mine.body)
    const download = await t.download(`/api/feedback/${mine.body.id}/screenshot`, staff.tokens.accessToken)
    expect(download.headers.get('content-type')).toBe('image/png')
    expect(download.body).toEqual(png)
  })

  it('answers feedback.screenshot_not_found for feedback without one and feedback.feedback_not_found for an unknown id', async () => {
    const t = await setUp()
    const res = await t.server.http<Feedback>('POST', '/api/feedback', { token: t.token, body: FIELDS })
    const none = await t.server.http<Problem>('GET', `/api/feedback/${res.body.id}/screenshot`, { token: t.token })
    expect(none.status).toBe(404)
    expect(none.body.code).toBe('feedback.screenshot_not_found')
    const unknown = await t.server.http<Problem>('GET', '/api/feedback/00000000-0000-4000-8000-000000000000', {
      token: t.token,
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('feedback.feedback_not_found')
  })
})
