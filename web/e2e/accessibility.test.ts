import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureStaffUser } from '../../server/src/modules/accounts/index.ts'
import { newPerson, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

/**
 * axe-core (WCAG 2.1 A and AA rules) on every main page, in English and Korean, at desktop and
 * phone width. A serious or critical violation fails the page with its rule, elements and help.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/** Runs axe on the page as it is now and lists its serious and critical violations. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy (script-src 'self')
  // rightly refuses an inline <script>, and the check must not need the policy relaxed.
  const hasAxe = await page.evaluate(() => 'axe' in window)
  if (!hasAxe) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async (tags) => {
    interface AxeResult {
      id: string
      impact?: string | null
      help: string
      nodes: Array<{ target: unknown[] }>
    }
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeResult[] }> } }
    ).axe
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }))
  }, WCAG_TAGS)
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
}

function describeViolations(name: string, violations: Violation[]): string {
  return [
    `${name}: ${violations.length} serious or critical accessibility violation(s)`,
    ...violations.map(
      (violation) =>
        `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.targets.join('\n    ')}`,
    ),
  ].join('\n')
}

/** Checks the page and records what it found under `name` (all pages are checked before failing). */
async function check(page: Page, name: string, found: string[]): Promise<void> {
  // Let transitions and pending renders settle so the colors axe measures are the final ones.
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(200)
  const violations = await seriousViolations(page)
  if (violations.length > 0) found.push(describeViolations(name, violations))
}

async function waitUntilLive(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('online')
}

describe('accessibility of the main pages (axe-core, WCAG 2.1 A/AA)', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => harness?.close())

  it('has no serious or critical violations on the user pages in English at desktop width', async () => {
    const found: string[] = []
    const page = await (await harness.newContext({ locale: 'en-US' })).newPage()

    await page.goto('/signin')
    await page.getByRole('heading', { level: 1 }).waitFor()
    // Each page names the tab after itself (WCAG 2.4.2).
    expect(await page.title()).toBe('Sign in · Madang')
    await check(page, 'sign-in (en)', found)
    await page.goto('/signup')
    await page.getByRole('button', { name: 'Create account' }).waitFor()
    await check(page, 'sign-up (en)', found)

    await signUpThroughUi(page, newPerson('a11y'))
    await waitUntilLive(page)
    await check(page, 'planner, empty (en)', found)

    await page.getByLabel('Category name').fill('Errands')
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.getByRole('heading', { name: 'Errands' }).waitFor()
    const input = page.getByLabel('Add a todo to Errands')
    await input.fill('Buy stamps')
    await input.press('Enter')
    await page.getByRole('checkbox', { name: 'Buy stamps', exact: true }).waitFor()
    await input.fill('Post the letter')
    await input.press('Enter')
    await page.getByRole('checkbox', { name: 'Post the letter', exact: true }).check()
    await check(page, 'planner today (en)', found)

    await page.getByRole('link', { name: 'Open Buy stamps' }).click()
    const sheet = page.getByTestId('todo-sheet')
    await sheet.getByLabel('Todo', { exact: true }).waitFor()
    await sheet.getByLabel('Add a step').fill('Find the envelope')
    await sheet.getByLabel('Add a step').press('Enter')
    await sheet.getByTestId('subtodo-row').waitFor()
    await check(page, 'todo sheet (en)', found)
    await page.keyboard.press('Escape')
    await page.waitForURL(/\/planner$/)

    await page.getByRole('link', { name: 'Inbox' }).click()
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor()
    await check(page, 'inbox (en)', found)

    await page.getByRole('link', { name: 'Categories' }).click()
    await page.getByRole('heading', { name: 'Your categories' }).waitFor()
    await page.getByRole('button', { name: 'Change the color of Errands' }).click()
    await check(page, 'categories with a color picker open (en)', found)
    await page.getByRole('button', { name: 'Delete Errands' }).click()
    await page.getByRole('dialog').waitFor()
    await check(page, 'delete category dialog (en)', found)
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })

    await page.goto('/settings')
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    expect(await page.title()).toBe('Settings · Madang')
    await check(page, 'settings general (en)', found)
    await page.goto('/settings/devices')
    await page.getByTestId('device').first().waitFor()
    await check(page, 'settings devices (en)', found)
    await page.goto('/settings/feedback')
    await page.locator('form.feedback-form').waitFor()
    await check(page, 'settings contact (en)', found)

    expect(found, found.join('\n\n')).toEqual([])
  })

  it('has no serious or critical violations in Korean, with the planner at phone width (375 px)', async () => {
    const found: string[] = []
    const page = await (await harness.newContext({ locale: 'ko-KR', viewport: { width: 375, height: 812 } })).newPage()

    await page.goto('/signin')
    await page.getByRole('button', { name: '로그인' }).waitFor()
    await check(page, 'sign-in (ko, 375 px)', found)
    await page.goto('/signup')
    await page.getByRole('button', { name: '가입하기' }).waitFor()
    await check(page, 'sign-up (ko, 375 px)', found)

    await signUpThroughUi(page, newPerson('a11yko'))
    await waitUntilLive(page)
    // Only a dot shows on a phone; the connection state is still there for screen readers.
    expect(await page.getByTestId('connection-status').evaluate((status: HTMLElement) => status.innerText.trim())).toBe(
      '실시간',
    )
    await page.getByLabel('카테고리 이름').fill('장보기')
    await page.getByRole('button', { name: '만들기', exact: true }).click()
    await page.getByRole('heading', { name: '장보기' }).waitFor()
    const input = page.getByLabel('장보기에 할 일 추가')
    await input.fill('우유 사기')
    await input.press('Enter')
    await page.getByRole('checkbox', { name: '우유 사기', exact: true }).waitFor()
    await check(page, 'planner today (ko, 375 px)', found)

    await page.getByRole('checkbox', { name: '우유 사기', exact: true }).locator('..').getByRole('link').click()
    await page.getByTestId('todo-sheet').waitFor()
    await check(page, 'todo sheet (ko, 375 px)', found)
    await page.keyboard.press('Escape')
    await page.waitForURL(/\/planner$/)

    for (const [path, name] of [
      ['/planner/inbox', 'inbox'],
      ['/planner/categories', 'categories'],
      ['/settings', 'settings general'],
      ['/settings/devices', 'settings devices'],
      ['/settings/feedback', 'settings contact'],
    ] as const) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1 }).waitFor()
      if (path === '/planner/inbox') expect(await page.title()).toBe('보관함 · 마당')
      await check(page, `${name} (ko, 375 px)`, found)
    }

    expect(found, found.join('\n\n')).toEqual([])
  })

  it('has no serious or critical violations on the staff pages', async () => {
    const found: string[] = []
    // A user's feedback, so the inbox and a detail page have something to show.
    const author = await (await harness.newContext()).newPage()
    await signUpThroughUi(author, newPerson('writer'))
    await author.goto('/settings/feedback')
    const form = author.locator('form.feedback-form')
    await form.getByLabel('What is it about?').selectOption('bug')
    await form.getByLabel('Title').fill('The list jumps')
    await form.getByLabel('Message').fill('When I drag a todo, the list jumps to the top.')
    await form.getByRole('button', { name: 'Send' }).click()
    await author.getByTestId('feedback-sent').waitFor()
    await check(author, 'settings contact after sending (en)', found)

    const staff = newPerson('staff')
    await ensureStaffUser(harness.server.ctx, staff)
    for (const [locale, viewport] of [
      ['ko-KR', { width: 375, height: 812 }],
      ['en-US', { width: 1280, height: 800 }],
    ] as const) {
      const page = await (await harness.newContext({ locale, viewport })).newPage()
      await signInThroughUi(page, staff, `Staff desk ${locale}`)
      if (locale === 'en-US') {
        // create-admin gives the account the server's default language, Korean.
        await page.goto('/settings')
        await page.getByRole('radio', { name: 'English' }).check()
        await page.getByText('Saved.').waitFor()
      }
      const label = `${locale}, ${viewport.width} px`
      await page.goto('/staff')
      await page.getByTestId('queue-row').first().waitFor()
      await check(page, `staff jobs (${label})`, found)
      await page.goto('/staff/feedback')
      await page.getByTestId('inbox-item').first().waitFor()
      await check(page, `staff feedback inbox (${label})`, found)
      await page.getByTestId('inbox-item').first().getByRole('link').first().click()
      await page.getByTestId('feedback-detail').waitFor()
      await check(page, `staff feedback detail (${label})`, found)
    }

    expect(found, found.join('\n\n')).toEqual([])
  })
})
