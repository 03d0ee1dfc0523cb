import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { simpleParser, type AddressObject } from 'mailparser'
import { pino, type Logger } from 'pino'
import { startSmtpServer } from '../../test/smtp.ts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.ts'
import { createI18n } from '../i18n/index.ts'
import {
  createMailer,
  isMailDeliveryError,
  MailDeliveryError,
  renderMail,
  type Mailer,
  type MailMessage,
} from './index.ts'

const FROM = 'Madang <no-reply@madang.test>'
const i18n = createI18n([])

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A logger whose lines land in `lines`, parsed. */
function captureLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  const log = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  )
  return { log, lines }
}

/** The `{ name, address }` pairs of a parsed From or To header. */
function addresses(value: AddressObject | AddressObject[] | undefined): { name: string; address?: string }[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((a) => a.value)
    .map(({ name, address }) => ({ name, address }))
}

const silent = pino({ level: 'silent' })
const clock = createManualClock(new Date('2025-03-01T09:30:00.000Z'))

describe('createMailer over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>
  let mailer: Mailer

  beforeAll(async () => {
    smtp = await startSmtpServer()
  })
  afterAll(async () => {
    await smtp.close()
  })
  beforeEach(() => {
    smtp.received.length = 0
    mailer = createMailer({ smtpUrl: smtp.url, from: FROM, outboxDir: '/nonexistent/outbox' }, silent, { clock })
  })
  afterEach(() => {
    mailer.close()
  })

  it('is the smtp kind when SMTP_URL is set', () => {
    expect(mailer.kind).toBe('smtp')
  })

  it('delivers From, To, a Korean subject, a text and an HTML part and the fixed Message-ID', async () => {
    const sent = await mailer.send({
      to: '민지 <minji@example.test>',
      ...renderMail(i18n, 'ko', 'test', { name: '민지' }),
      messageId: '<job-42@madang.test>',
      headers: { 'X-Madang-Job': 'job-42' },
    })

    expect(sent).toEqual({ messageId: '<job-42@madang.test>', accepted: ['minji@example.test'], rejected: [] })
    expect(smtp.received).toHaveLength(1)
    const [delivered] = smtp.received
    expect(delivered?.mailFrom).toBe('no-reply@madang.test')
    expect(delivered?.rcptTo).toEqual(['minji@example.test'])

    const raw = delivered?.raw.toString('utf8') ?? ''
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m)
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m)
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/m)

    const parsed = await simpleParser(delivered?.raw ?? Buffer.alloc(0))
    expect(addresses(parsed.from)).toEqual([{ name: 'Madang', address: 'no-reply@madang.test' }])
    expect(addresses(parsed.to)).toEqual([{ name: '민지', address: 'minji@example.test' }])
    expect(parsed.subject).toBe('Madang 테스트 메일')
    expect(parsed.messageId).toBe('<job-42@madang.test>')
    expect(parsed.date?.toISOString()).toBe('2025-03-01T09:30:00.000Z')
    expect(parsed.headers.get('x-madang-job')).toBe('job-42')
    expect(parsed.text?.trim()).toBe(
      '민지님, 안녕하세요.\n\nMadang에서 보낸 테스트 메일입니다. 이 메일이 보이면 메일 발송이 정상입니다.\n\n— Madang',
    )
    expect(parsed.html).toContain('<p>민지님, 안녕하세요.</p>')
  })

  it('rejects with a MailDeliveryError carrying the 550 reply when the server refuses every recipient', async () => {
    const error: unknown = await mailer.send({ to: 'bad@reject.test', subject: 'Hello', text: 'Hi' }).then(
      () => 'sent',
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(MailDeliveryError)
    expect(isMailDeliveryError(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 <bad@reject.test>: no such user here',
      command: 'RCPT TO',
      permanent: true,
      rejected: [
        { recipient: 'bad@reject.test', responseCode: 550, response: '550 5.1.1 <bad@reject.test>: no such user here' },
      ],
    })
    expect((error as Error).message).toContain('no such user here')
    expect(smtp.received).toHaveLength(0)
  })

  it('delivers to the accepted recipients and reports the refused ones when only some are refused', async () => {
    const sent = await mailer.send({ to: ['ok@example.test', 'bad@reject.test'], subject: 'Hello', text: 'Hi' })

    expect(sent.accepted).toEqual(['ok@example.test'])
    expect(sent.rejected).toEqual(['bad@reject.test'])
    expect(smtp.received.map((m) => m.rcptTo)).toEqual([['ok@example.test']])
  })

  it('keeps a line break in the subject from adding a header or a recipient', async () => {
    await mailer.send({ to: 'ok@example.test', subject: 'Hi\r\nBcc: evil@example.test', text: 'Hi' })

    const [delivered] = smtp.received
    expect(delivered?.rcptTo).toEqual(['ok@example.test'])
    const parsed = await simpleParser(delivered?.raw ?? Buffer.alloc(0))
    expect(parsed.headers.has('bcc')).toBe(false)
    expect(parsed.subject).toBe('Hi Bcc: evil@example.test')
  })

  it('fails with a retryable MailDeliveryError without a reply code when no server answers', async () => {
    const port = await closedPort()
    const unreachable = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, outboxDir: '' }, silent)
    try {
      const error: unknown = await unreachable.send({ to: 'ok@example.test', subject: 'Hello', text: 'Hi' }).then(
        () => 'sent',
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(MailDeliveryError)
      expect(error).toMatchObject({
        code: 'ESOCKET',
        command: 'CONN',
        responseCode: null,
        response: null,
        permanent: false,
      })
    } finally {
      unreachable.close()
    }
  })

  it('refuses a message without recipients as a permanent failure', async () => {
    await expect(mailer.send({ to: [], subject: 'Hello', text: 'Hi' })).rejects.toMatchObject({
      name: 'MailDeliveryError',
      code: 'EENVELOPE',
      responseCode: null,
      permanent: true,
    })
    expect(smtp.received).toHaveLength(0)
  })

  it('verifies against a live server and fails verification against a closed port', async () => {
    await expect(mailer.verify()).resolves.toBeUndefined()

    const port = await closedPort()
    const unreachable = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, outboxDir: '' }, silent)
    try {
      await expect(unreachable.verify()).rejects.toBeInstanceOf(MailDeliveryError)
    } finally {
      unreachable.close()
    }
  })
})

describe('createMailer without SMTP_URL (outbox)', () => {
  let dataDir: string
  let outboxDir: string

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'madang-mail-'))
    outboxDir = path.join(dataDir, 'not-yet', 'outbox')
  })
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  const message = (overrides: Partial<MailMessage> = {}): MailMessage => ({
    to: 'minji@example.test',
    ...renderMail(i18n, 'en', 'test', { name: 'Minji' }),
    ...overrides,
  })

  it('writes one .eml per send that parses back to the same subject, text and html', async () => {
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir }, silent, { clock })
    expect(mailer.kind).toBe('outbox')

    const first = await mailer.send(message({ messageId: '<job-1@madang.test>' }))
    const second = await mailer.send(message({ to: ['a@example.test', 'b@example.test'], subject: 'Second' }))

    expect(first).toEqual({ messageId: '<job-1@madang.test>', accepted: ['minji@example.test'], rejected: [] })
    expect(second.accepted).toEqual(['a@example.test', 'b@example.test'])
    const files = readdirSync(outboxDir).sort()
    expect(files).toHaveLength(2)
    expect(files).toContain('2025-03-01T09-30-00.000Z-job-1@madang.test.eml')

    const parsed = await simpleParser(
      readFileSync(path.join(outboxDir, '2025-03-01T09-30-00.000Z-job-1@madang.test.eml')),
    )
    const expected = message()
    expect(addresses(parsed.from)).toEqual([{ name: 'Madang', address: 'no-reply@madang.test' }])
    expect(addresses(parsed.to)).toEqual([{ name: '', address: 'minji@example.test' }])
    expect(parsed.subject).toBe(expected.subject)
    expect(parsed.text?.trim()).toBe(expected.text)
    expect(parsed.html).toBe(expected.html)
    expect(parsed.messageId).toBe('<job-1@madang.test>')
  })

  it('logs the path, recipients and subject of each message but never its body', async () => {
    const { log, lines } = captureLog()
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir }, log, { clock })

    await mailer.send(message({ messageId: '<job-7@madang.test>' }))

    const [file] = readdirSync(outboxDir)
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'mail written to outbox',
        path: path.join(outboxDir, file ?? ''),
        to: ['minji@example.test'],
        subject: 'Madang test message',
        messageId: '<job-7@madang.test>',
      }),
    ])
    expect(JSON.stringify(lines)).not.toContain('If you can read it')
  })

  it('keeps both messages when two sends share a Message-ID in the same millisecond', async () => {
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir }, silent, { clock })

    await mailer.send(message({ messageId: '<retry@madang.test>' }))
    await mailer.send(message({ messageId: '<retry@madang.test>' }))

    expect(readdirSync(outboxDir).sort()).toEqual([
      '2025-03-01T09-30-00.000Z-retry@madang.test-2.eml',
      '2025-03-01T09-30-00.000Z-retry@madang.test.eml',
    ])
  })

  it('refuses a message without recipients instead of writing it', async () => {
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir }, silent)

    await expect(mailer.send(message({ to: ' ' }))).rejects.toMatchObject({ code: 'EENVELOPE', permanent: true })
    expect(existsSync(outboxDir)).toBe(false)
  })

  it('verifies by creating the outbox directory', async () => {
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir }, silent)
    await mailer.verify()
    expect(readdirSync(outboxDir)).toEqual([])
  })

  it('fails with a MailDeliveryError when the outbox cannot be written', async () => {
    const blocked = path.join(dataDir, 'a-file')
    writeFileSync(blocked, 'not a directory')
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir: blocked }, silent)

    await expect(mailer.send(message())).rejects.toMatchObject({
      name: 'MailDeliveryError',
      code: 'EEXIST',
      responseCode: null,
    })
    await expect(mailer.verify()).rejects.toBeInstanceOf(MailDeliveryError)
  })
})

describe('renderMail', () => {
  it('renders the test mail in Korean and in English', () => {
    expect(renderMail(i18n, 'ko', 'test', { name: '민지' })).toEqual({
      subject: 'Madang 테스트 메일',
      text: '민지님, 안녕하세요.\n\nMadang에서 보낸 테스트 메일입니다. 이 메일이 보이면 메일 발송이 정상입니다.\n\n— Madang',
      html: '<p>민지님, 안녕하세요.</p><p>Madang에서 보낸 테스트 메일입니다. 이 메일이 보이면 메일 발송이 정상입니다.</p><p>— Madang</p>',
    })
    expect(renderMail(i18n, 'en', 'test', { name: 'Minji' })).toEqual({
      subject: 'Madang test message',
      text: 'Hello Minji,\n\nThis is a test message from Madang. If you can read it, email works.\n\n— Madang',
      html: '<p>Hello Minji,</p><p>This is a test message from Madang. If you can read it, email works.</p><p>— Madang</p>',
    })
  })

  it('escapes parameters in the HTML part and keeps them raw in the text part', () => {
    const name = `<script>alert("x")</script> & O'Neil`
    const rendered = renderMail(i18n, 'en', 'test', { name })

    expect(rendered.text).toContain(`Hello ${name},`)
    expect(rendered.html).toContain('<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Neil,</p>')
    expect(rendered.html).not.toContain('<script>')
  })

  it('leaves out the HTML part of a template that has none', () => {
    const plain = createI18n([
      {
        en: { mail: { plain: { subject: 'Code {{code}}', text: 'Your code is {{code}}.' } } },
        ko: { mail: { plain: { subject: '코드 {{code}}', text: '코드는 {{code}}입니다.' } } },
      },
    ])
    expect(renderMail(plain, 'ko', 'plain', { code: 123456 })).toEqual({
      subject: '코드 123456',
      text: '코드는 123456입니다.',
    })
  })

  it('throws for a template that does not exist instead of sending its keys', () => {
    expect(() => renderMail(i18n, 'en', 'nowhere')).toThrow(
      'mail template "nowhere" has no subject (mail.nowhere.subject)',
    )
  })
})
