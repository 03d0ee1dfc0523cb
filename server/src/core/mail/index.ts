import { constants } from 'node:fs'
import { access, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createTransport, type NodemailerError, type SendMailOptions } from 'nodemailer'
import type { Logger } from 'pino'
import type { Config } from '../../config/index.ts'
import { systemClock, type Clock } from '../clock.ts'

/**
 * Outgoing email. Through nodemailer over SMTP when SMTP_URL is set; otherwise every message is
 * written as an .eml file under the outbox directory and logged, so a developer sees what would
 * have been sent. Bodies come from localized templates (templates.ts). Depends on config and the
 * clock only; to be wired as `ctx.mail` and called from job handlers, after commit.
 */

export { renderMail, type RenderedMail } from './templates.ts'

export type MailConfig = Pick<Config['mail'], 'smtpUrl' | 'from' | 'outboxDir'>

export interface MailMessage {
  to: string | string[]
  subject: string
  /** The plain-text part; every message has one. */
  text: string
  html?: string
  /**
   * A fixed Message-ID, e.g. `<job-42@madang>`, so that a retried send is recognisable as the same
   * message by the receiving side. Generated when omitted.
   */
  messageId?: string
  headers?: Record<string, string>
}

export interface SentMail {
  messageId: string
  /** Recipients the server took. */
  accepted: string[]
  /** Recipients the server refused while it took the others (all refused throws instead). */
  rejected: string[]
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox'
  /** Sends one message. Throws MailDeliveryError when nothing was delivered. */
  send(message: MailMessage): Promise<SentMail>
  /** Checks that mail can go out: connects and authenticates to SMTP, or that the outbox is writable. */
  verify(): Promise<void>
  close(): void
}

/** One recipient the SMTP server refused, with its reply. */
export interface RecipientRejection {
  recipient: string
  responseCode: number | null
  response: string | null
}

/**
 * A message that did not go out, with what failed and why: nodemailer's code (EENVELOPE,
 * ECONNECTION, ETIMEDOUT, EAUTH, ...) or the file system's, the SMTP reply when there was one, and
 * whether sending the same message again can help.
 */
export class MailDeliveryError extends Error {
  readonly code: string
  readonly responseCode: number | null
  /** The server's reply line, e.g. `550 5.1.1 No such user`. */
  readonly response: string | null
  /** The SMTP command that failed, e.g. `RCPT TO`. */
  readonly command: string | null
  readonly rejected: RecipientRejection[]
  /** True when a retry cannot succeed: a 5xx reply or a message that can never be sent. */
  readonly permanent: boolean

  constructor(
    message: string,
    details: {
      code: string
      responseCode?: number | null
      response?: string | null
      command?: string | null
      rejected?: RecipientRejection[]
      permanent: boolean
      cause?: unknown
    },
  ) {
    super(message, { cause: details.cause })
    this.name = 'MailDeliveryError'
    this.code = details.code
    this.responseCode = details.responseCode ?? null
    this.response = details.response ?? null
    this.command = details.command ?? null
    this.rejected = details.rejected ?? []
    this.permanent = details.permanent
  }
}

export function isMailDeliveryError(error: unknown): error is MailDeliveryError {
  return error instanceof MailDeliveryError
}

// Nodemailer waits minutes by default; a job should fail fast and be retried instead.
const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 60_000,
  dnsTimeout: 10_000,
}

/** Errors without an SMTP reply that the same message will meet again on every attempt. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'ENOAUTH', 'EMAXRECIPIENTS'])

/** Builds the SMTP mailer when `config.smtpUrl` is set, else the outbox mailer. */
export function createMailer(config: MailConfig, log: Logger, options: { clock?: Clock } = {}): Mailer {
  const clock = options.clock ?? systemClock
  return config.smtpUrl === null
    ? createOutboxMailer(config, log, clock)
    : createSmtpMailer(config.smtpUrl, config, log, clock)
}

function createSmtpMailer(smtpUrl: string, config: MailConfig, log: Logger, clock: Clock): Mailer {
  // Options in the URL's query string (e.g. ?pool=true) take precedence over these defaults.
  const transporter = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS })
  return {
    kind: 'smtp',
    async send(message) {
      let info
      try {
        info = await transporter.sendMail(toSendOptions(message, config, clock))
      } catch (error) {
        throw logFailure(log, message, toDeliveryError(error))
      }
      const sent = { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected }
      if (sent.rejected.length > 0) {
        const responses = (info.rejectedErrors ?? []).map((e) => e.response)
        log.warn({ messageId: sent.messageId, rejected: sent.rejected, responses }, 'mail refused for some recipients')
      }
      log.info({ messageId: sent.messageId, to: sent.accepted, subject: message.subject }, 'mail sent')
      return sent
    },
    async verify() {
      try {
        await transporter.verify()
      } catch (error) {
        throw toDeliveryError(error)
      }
    },
    close() {
      transporter.close()
    },
  }
}

function createOutboxMailer(config: MailConfig, log: Logger, clock: Clock): Mailer {
  // CRLF line breaks: the file holds exactly what would travel over SMTP.
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    kind: 'outbox',
    async send(message) {
      try {
        const info = await transporter.sendMail(toSendOptions(message, config, clock))
        if (!Buffer.isBuffer(info.message)) throw new Error('the stream transport did not return a buffer')
        await mkdir(config.outboxDir, { recursive: true })
        const file = await writeNewFile(config.outboxDir, outboxFileName(clock.now(), info.messageId), info.message)
        const to = info.envelope.to
        log.info({ path: file, to, subject: message.subject, messageId: info.messageId }, 'mail written to outbox')
        return { messageId: info.messageId, accepted: to, rejected: [] }
      } catch (error) {
        throw logFailure(log, message, toDeliveryError(error))
      }
    },
    async verify() {
      try {
        await mkdir(config.outboxDir, { recursive: true })
        await access(config.outboxDir, constants.W_OK)
      } catch (error) {
        throw toDeliveryError(error)
      }
    },
    close() {
      transporter.close()
    },
  }
}

function toSendOptions(message: MailMessage, config: MailConfig, clock: Clock): SendMailOptions {
  // Checked here because the outbox would otherwise write a message addressed to nobody.
  if ((Array.isArray(message.to) ? message.to : [message.to]).every((to) => to.trim() === '')) {
    throw new MailDeliveryError('No recipients defined', { code: 'EENVELOPE', permanent: true })
  }
  return {
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
    ...(message.headers === undefined ? {} : { headers: message.headers }),
    date: clock.now(),
  }
}

/** `2025-03-01T09-30-00.000Z-<message-id>.eml`: sorted by time, no characters a file system refuses. */
function outboxFileName(at: Date, messageId: string): string {
  const id = messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]/g, '_')
    .slice(0, 120)
  return `${at.toISOString().replace(/:/g, '-')}-${id}`
}

/** Writes `<base>.eml`, or `<base>-2.eml` and so on when a send in the same millisecond took the name. */
async function writeNewFile(dir: string, base: string, content: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? `${base}.eml` : `${base}-${n}.eml`)
    try {
      await writeFile(file, content, { flag: 'wx' })
      return file
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

function toDeliveryError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error
  if (!(error instanceof Error)) {
    return new MailDeliveryError(String(error), { code: 'EUNKNOWN', permanent: false, cause: error })
  }
  const e = error as NodemailerError
  const code = e.code ?? 'EUNKNOWN'
  return new MailDeliveryError(e.message, {
    code,
    responseCode: e.responseCode ?? null,
    response: e.response ?? null,
    command: e.command ?? null,
    rejected: (e.rejectedErrors ?? []).map((r) => ({
      recipient: r.recipient ?? '',
      responseCode: r.responseCode ?? null,
      response: r.response ?? null,
    })),
    permanent: e.permanent ?? (e.responseCode === undefined && PERMANENT_CODES.has(code)),
    cause: error,
  })
}

function logFailure(log: Logger, message: MailMessage, error: MailDeliveryError): MailDeliveryError {
  log.warn(
    {
      messageId: message.messageId,
      to: message.to,
      subject: message.subject,
      code: error.code,
      responseCode: error.responseCode,
      response: error.response,
    },
    'mail not sent',
  )
  return error
}
