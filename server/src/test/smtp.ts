import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerError } from 'smtp-server'

/** A message as the test SMTP server received it. */
export interface Received {
  mailFrom: string | null
  rcptTo: string[]
  raw: Buffer
}

export interface TestSmtpServer {
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * A real SMTP server on a free local port (the process edge of mail tests). It refuses every
 * recipient at @reject.test with 550, and answers 451 (try again later) the first time it sees
 * each address in `transientOnce`.
 */
export async function startSmtpServer(options: { transientOnce?: string[] } = {}): Promise<TestSmtpServer> {
  const received: Received[] = []
  const pendingTransient = new Set(options.transientOnce ?? [])
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@reject.test')) {
        const error: SMTPServerError = new Error(`5.1.1 <${address.address}>: no such user here`)
        error.responseCode = 550
        callback(error)
        return
      }
      if (pendingTransient.delete(address.address)) {
        const error: SMTPServerError = new Error('4.7.1 greylisted, try again later')
        error.responseCode = 451
        callback(error)
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope
        received.push({
          mailFrom: mailFrom === false ? null : mailFrom.address,
          rcptTo: rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
