import { execFileSync } from 'node:child_process'
import { createDecipheriv, createECDH, hkdfSync, randomBytes, randomUUID, type ECDH } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { PushPayload } from '@madang/contracts'
import { importJWK, jwtVerify, type JWTPayload } from 'jose'

/** A browser's push subscription: what `PushSubscription.toJSON()` gives, plus the keys to read its messages. */
export interface TestPushDevice {
  id: string
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } }
}

/** A push the service accepted, checked and decrypted. */
export interface ReceivedPush {
  deviceId: string
  headers: IncomingHttpHeaders
  /** The `k` of the VAPID Authorization header and the verified claims of its JWT. */
  vapid: { publicKey: string; claims: JWTPayload }
  payload: PushPayload
}

export interface TestWebPushService {
  origin: string
  /** The service's self-signed certificate (PEM file), for PUSH_CA_FILE. */
  caFile: string
  received: ReceivedPush[]
  /** Requests that failed a check (VAPID, encryption, headers), with the reason. */
  rejected: Array<{ deviceId: string; reason: string }>
  /** Every request per device with the status it got, in order. */
  attempts: Array<{ deviceId: string; status: number }>
  newDevice(): TestPushDevice
  /** The statuses the device's next requests get (then 201 again), e.g. [410] or [500]. */
  respondWith(deviceId: string, statuses: number[]): void
  close(): Promise<void>
}

/**
 * A local Web Push service over HTTPS (RFC 8030) that does what a real one checks: a VAPID
 * Authorization header (RFC 8292) whose ES256 JWT verifies with the key it names and whose `aud`
 * is this origin, TTL and Urgency headers, and an aes128gcm body (RFC 8188) that it decrypts with
 * the device's private key and auth secret (RFC 8291), as the browser would.
 */
export async function startWebPushService(): Promise<TestWebPushService> {
  const dir = mkdtempSync(path.join(tmpdir(), 'madang-push-'))
  const keyFile = path.join(dir, 'key.pem')
  const caFile = path.join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      caFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  )
  const devices = new Map<string, { ecdh: ECDH; auth: Buffer }>()
  const scripted = new Map<string, number[]>()
  const received: ReceivedPush[] = []
  const rejected: TestWebPushService['rejected'] = []
  const attempts: TestWebPushService['attempts'] = []
  let origin = ''

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const deviceId = /^\/push\/([\w-]+)$/.exec(request.url ?? '')?.[1] ?? ''
    const device = devices.get(deviceId)
    const respond = (status: number) => {
      attempts.push({ deviceId, status })
      response.writeHead(status).end()
    }
    if (request.method !== 'POST' || device === undefined) return respond(404)
    try {
      const vapid = await verifyVapid(request.headers.authorization, origin)
      if (!/^\d+$/.test(String(request.headers.ttl))) throw new Error('TTL header missing')
      if (!['very-low', 'low', 'normal', 'high'].includes(String(request.headers.urgency))) {
        throw new Error('Urgency header missing')
      }
      if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm')
      const status = scripted.get(deviceId)?.shift() ?? 201
      if (status === 201) {
        const payload = JSON.parse(decryptAes128gcm(body, device.ecdh, device.auth).toString('utf8')) as PushPayload
        received.push({ deviceId, headers: request.headers, vapid, payload })
      }
      respond(status)
    } catch (error) {
      rejected.push({ deviceId, reason: error instanceof Error ? error.message : String(error) })
      respond(400)
    }
  }

  const server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (req, res) => {
    void handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    caFile,
    received,
    rejected,
    attempts,
    newDevice() {
      const id = randomUUID()
      const ecdh = createECDH('prime256v1')
      ecdh.generateKeys()
      const auth = randomBytes(16)
      devices.set(id, { ecdh, auth })
      return {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          expirationTime: null,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
      }
    },
    respondWith(deviceId, statuses) {
      scripted.set(deviceId, [...statuses])
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Checks `Authorization: vapid t=<jwt>, k=<public key>`: ES256 by that key, aud = origin, a sub, exp within 24 h. */
async function verifyVapid(header: string | undefined, origin: string): Promise<ReceivedPush['vapid']> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '')
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`no VAPID authorization: ${header}`)
  const raw = Buffer.from(match[2], 'base64url')
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('VAPID k is not an uncompressed P-256 key')
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    'ES256',
  )
  const { payload } = await jwtVerify(match[1], key, { audience: origin, algorithms: ['ES256'] })
  if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) throw new Error('VAPID sub missing')
  if (payload.exp === undefined || payload.exp > Date.now() / 1000 + 24 * 3600) throw new Error('VAPID exp too far')
  return { publicKey: match[2], claims: payload }
}

/**
 * Decrypts a one-record aes128gcm body (RFC 8188) as the user agent does (RFC 8291): the header
 * holds the salt, record size and the sender's ephemeral public key; the keys come from ECDH with
 * the device's private key and the auth secret through HKDF-SHA-256.
 */
export function decryptAes128gcm(body: Buffer, device: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16)
  const recordSize = body.readUInt32BE(16)
  const keyIdLength = body[20] ?? 0
  const senderPublicKey = body.subarray(21, 21 + keyIdLength)
  const record = body.subarray(21 + keyIdLength)
  if (keyIdLength !== 65) throw new Error('keyid is not a P-256 public key')
  if (record.length > recordSize) throw new Error('more than one record')
  const ecdhSecret = device.computeSecret(senderPublicKey)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.getPublicKey(), senderPublicKey])
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(record.subarray(-16))
  const plain = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()])
  let end = plain.length - 1
  while (end >= 0 && plain[end] === 0) end--
  if (plain[end] !== 2) throw new Error('the last record does not end with the 0x02 delimiter')
  return plain.subarray(0, end)
}
