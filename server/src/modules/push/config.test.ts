import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import webPush from 'web-push'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../config/index.ts'

const BASE = { APP_ENV: 'test', JWT_SECRET: 'x'.repeat(40) }

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env })
    return []
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
}

describe('push configuration', () => {
  it('defaults to generated VAPID keys, a mailto: subject from MAIL_FROM, a 5 s window and no FCM', () => {
    const { push } = loadConfig({ ...BASE, MAIL_FROM: 'Madang <ops@madang.example>' })
    expect(push).toMatchObject({
      vapidKeys: null,
      vapidSubject: 'mailto:ops@madang.example',
      coalesceSeconds: 5,
      ttlSeconds: 86400,
      caCertificates: null,
      fcm: null,
    })
  })

  it('takes an https PUBLIC_URL as the VAPID subject', () => {
    expect(loadConfig({ ...BASE, PUBLIC_URL: 'https://madang.example' }).push.vapidSubject).toBe(
      'https://madang.example',
    )
  })

  it('accepts a VAPID pair and refuses half a pair, malformed keys and a subject that is not mailto: or https:', () => {
    const keys = webPush.generateVAPIDKeys()
    expect(
      loadConfig({ ...BASE, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey }).push.vapidKeys,
    ).toEqual(keys)
    expect(problemsOf({ VAPID_PUBLIC_KEY: keys.publicKey })).toEqual([
      expect.stringContaining('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together'),
    ])
    expect(problemsOf({ VAPID_PUBLIC_KEY: keys.privateKey, VAPID_PRIVATE_KEY: keys.publicKey })).toHaveLength(2)
    expect(problemsOf({ VAPID_SUBJECT: 'http://madang.example' })).toEqual([
      expect.stringContaining('VAPID_SUBJECT must be a mailto: address or an https: URL'),
    ])
  })

  it('reads an FCM service account from a file and refuses one without a private key, never echoing it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'madang-fcm-'))
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const file = path.join(dir, 'account.json')
    writeFileSync(
      file,
      JSON.stringify({ project_id: 'p', client_email: 'a@p.iam.gserviceaccount.com', private_key: pem }),
    )
    expect(loadConfig({ ...BASE, FCM_SERVICE_ACCOUNT_FILE: file }).push.fcm).toEqual({
      projectId: 'p',
      clientEmail: 'a@p.iam.gserviceaccount.com',
      privateKey: pem,
      tokenUri: 'https://oauth2.googleapis.com/token',
      apiUrl: 'https://fcm.googleapis.com',
    })
    const problems = problemsOf({
      FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({ project_id: 'p', private_key: 'secret' }),
    })
    expect(problems).toEqual([expect.stringContaining('needs project_id, client_email and a PEM private_key')])
    expect(problems.join()).not.toContain('secret')
    expect(problemsOf({ FCM_SERVICE_ACCOUNT_JSON: '{not json secret' }).join()).not.toContain('secret')
  })
})
