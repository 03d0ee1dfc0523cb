import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'

/** One message FCM accepted, as the v1 API received it. */
export interface FcmMessage {
  token: string
  notification: { title: string; body: string }
  data: Record<string, string>
  android?: { priority?: string; ttl?: string }
}

export interface TestFcmService {
  /** For FCM_API_URL. */
  apiUrl: string
  /** A service account key file's content (for FCM_SERVICE_ACCOUNT_JSON) whose token_uri is this service. */
  serviceAccountJson: string
  projectId: string
  messages: FcmMessage[]
  /** How many access tokens were minted. */
  tokenGrants: number
  /** Registration tokens FCM answers 404 UNREGISTERED for. */
  unregistered: Set<string>
  close(): Promise<void>
}

/**
 * A local stand-in for Google's OAuth token endpoint and the FCM HTTP v1 API. The token endpoint
 * accepts only a JWT-bearer assertion signed (RS256) with the service account's key for the FCM
 * scope; the send endpoint accepts only a token it minted.
 */
export async function startFcmService(): Promise<TestFcmService> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const projectId = 'madang-test'
  const clientEmail = 'push@madang-test.iam.gserviceaccount.com'
  const issued = new Set<string>()
  const state = { messages: [] as FcmMessage[], tokenGrants: 0, unregistered: new Set<string>() }
  let origin = ''

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (request.method === 'POST' && request.url === '/token') {
      const form = new URLSearchParams(text)
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return json(400, {})
      try {
        await verifyAssertion(form.get('assertion') ?? '', publicKey, clientEmail, `${origin}/token`)
      } catch {
        return json(400, { error: 'invalid_grant' })
      }
      const token = randomBytes(24).toString('base64url')
      issued.add(token)
      state.tokenGrants += 1
      return json(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' })
    }
    if (request.method === 'POST' && request.url === `/v1/projects/${projectId}/messages:send`) {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
      if (bearer === undefined || !issued.has(bearer)) return json(401, { error: { status: 'UNAUTHENTICATED' } })
      const { message } = JSON.parse(text) as { message: FcmMessage }
      if (state.unregistered.has(message.token)) {
        return json(404, {
          error: {
            code: 404,
            status: 'NOT_FOUND',
            details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
          },
        })
      }
      state.messages.push(message)
      return json(200, { name: `projects/${projectId}/messages/${state.messages.length}` })
    }
    return json(404, {})
  }

  const server = http.createServer((req, res) => {
    void handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    apiUrl: origin,
    projectId,
    serviceAccountJson: JSON.stringify({
      type: 'service_account',
      project_id: projectId,
      client_email: clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: `${origin}/token`,
    }),
    get messages() {
      return state.messages
    },
    get tokenGrants() {
      return state.tokenGrants
    },
    unregistered: state.unregistered,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function verifyAssertion(assertion: string, key: KeyObject, issuer: string, audience: string): Promise<void> {
  const { payload } = await jwtVerify(assertion, key, { issuer, audience, algorithms: ['RS256'] })
  if (payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('wrong scope')
}
