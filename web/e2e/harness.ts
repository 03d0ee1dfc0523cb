import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'
import { onTestFinished } from 'vitest'
import type { JobDefinition } from '../../server/src/core/jobs/index.ts'
import { startTestServer, type TestServer } from '../../server/src/test/server.ts'

/**
 * Browser journeys against the real server (in-process, fresh database, serving the built web
 * app) driven through Debian's Chromium by playwright-core. Screenshots go to test-results/.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url))

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * A browser console error a journey provokes on purpose, with the reason: e.g. the "Failed to load
 * resource: … 400" Chromium logs for a form the test fills in wrong, or the socket errors while
 * the test takes the network away. Matched against `<message> (<source url>)`.
 */
export interface ExpectedConsoleError {
  pattern: RegExp
  reason: string
}

export interface ContextOptions {
  locale?: string
  viewport?: { width: number; height: number }
  expectedConsoleErrors?: readonly ExpectedConsoleError[]
}

export interface Harness {
  server: TestServer
  browser: Browser
  baseUrl: string
  /**
   * A new browser profile (its own storage: another device of a user, or another user). Every
   * console error and uncaught exception of its pages fails the test that made it, unless listed
   * in `expectedConsoleErrors`.
   */
  newContext(options?: ContextOptions): Promise<BrowserContext>
  close(): Promise<void>
}

function consoleText(message: ConsoleMessage): string {
  const { url } = message.location()
  return url ? `${message.text()} (${url})` : message.text()
}

/**
 * Collects a context's console errors and page errors. The test that made the context fails on
 * unexpected ones; a context made outside a test (in a hook) is checked when the harness closes.
 * Returns that check.
 */
function watchConsole(context: BrowserContext, expected: readonly ExpectedConsoleError[]): () => void {
  const problems: string[] = []
  const note = (kind: string, text: string) => {
    if (expected.some((entry) => entry.pattern.test(text))) return
    problems.push(`${kind}: ${text}`)
  }
  context.on('console', (message) => {
    if (message.type() === 'error') note('console.error', consoleText(message))
  })
  context.on('weberror', (webError) => {
    const error = webError.error()
    note('uncaught', error.stack ?? `${error.name}: ${error.message}`)
  })
  const verify = () => {
    if (problems.length === 0) return
    const found = problems.splice(0)
    throw new Error(
      `The browser reported ${found.length} unexpected error(s):\n${found.join('\n')}\n` +
        'Fix the app, or list an error the test provokes on purpose in expectedConsoleErrors with its reason.',
    )
  }
  try {
    onTestFinished(verify)
  } catch {
    // Not inside a test (a beforeAll hook): the harness checks it on close.
  }
  return verify
}

export interface HarnessOptions {
  env?: Record<string, string>
  /**
   * Runs background jobs too, as `npm start` does (breakdowns, dispatch widening, mail), polling
   * every second. `jobs` adds test-only job definitions before the workers start.
   */
  workers?: boolean
  jobs?: readonly JobDefinition<never>[]
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const server = await startTestServer({
    port,
    env: {
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      ...(options.workers ? { JOBS_POLL_INTERVAL_SECONDS: '1' } : {}),
      ...options.env,
    },
  })
  if (options.jobs !== undefined) server.ctx.jobs.register(options.jobs)
  if (options.workers) await server.ctx.jobs.startWorkers()
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  const contexts: BrowserContext[] = []
  const checks: Array<() => void> = []
  return {
    server,
    browser,
    baseUrl,
    async newContext(contextOptions = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: contextOptions.locale ?? 'en-US',
        timezoneId: 'Asia/Seoul',
        viewport: contextOptions.viewport ?? { width: 1280, height: 800 },
      })
      checks.push(watchConsole(context, contextOptions.expectedConsoleErrors ?? []))
      contexts.push(context)
      return context
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {})
      await browser.close()
      await server.close()
      // Contexts made in hooks, and errors that came after their test had ended.
      for (const check of checks) check()
    },
  }
}

let counter = 0

/** A fresh user's sign-up input; unique per call. */
export function newPerson(prefix = 'user'): { email: string; username: string; password: string } {
  counter += 1
  const id = `${prefix}${Date.now().toString(36)}${counter}`
  return { email: `${id}@example.com`, username: id, password: 'plum-orchard-lantern-42' }
}

/** Signs a new user up through the sign-up page and waits for the planner. */
export async function signUpThroughUi(page: Page, person = newPerson()): Promise<typeof person> {
  await page.goto('/signup')
  await page.getByLabel(/^(Email|이메일)$/).fill(person.email)
  await page.getByLabel(/^(Username|아이디)$/).fill(person.username)
  await page.getByLabel(/^(Password|비밀번호)$/).fill(person.password)
  await page.getByRole('button', { name: /^(Create account|가입하기)$/ }).click()
  await page.waitForURL('**/planner**')
  return person
}

/** Signs an existing user in on this page (another device), naming the device. */
export async function signInThroughUi(
  page: Page,
  person: { username: string; password: string },
  deviceName = 'Second browser',
): Promise<void> {
  await page.goto('/signin')
  await page.getByLabel(/^(Username or email|아이디 또는 이메일)$/).fill(person.username)
  await page.getByLabel(/^(Password|비밀번호)$/).fill(person.password)
  await page.getByLabel(/^(Device name|기기 이름)$/).fill(deviceName)
  await page.getByRole('button', { name: /^(Sign in|로그인)$/ }).click()
  await page.waitForURL('**/planner**')
}

/** Saves a full-page screenshot as test-results/<name>.png for reviewers. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
