import { FEEDBACK_SCREENSHOT_MAX_BYTES } from '@madang/contracts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPerson, screenshot, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

/** The main navigation's link to the planner, whatever the UI language. */
function plannerLink(page: Page) {
  return page.getByRole('navigation', { name: /^(Main|주 메뉴|메인)$/ }).getByRole('link', { name: /플래너|Planner/ })
}

describe('settings in a real browser', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => harness?.close())

  it('switches the language to Korean at once, keeps it after a reload and on another device', async () => {
    const page = await (await harness.newContext()).newPage()
    const person = await signUpThroughUi(page, newPerson('lang'))
    await page.goto('/settings')
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await screenshot(page, 'settings')

    await page.getByRole('radio', { name: '한국어' }).check()
    await page.getByRole('heading', { name: '설정', level: 1 }).waitFor()
    expect(await plannerLink(page).textContent()).toContain('플래너')
    // Saved to the profile: wait for the confirmation before leaving the page.
    await page.getByText('저장했습니다.').waitFor()
    // Saving did not take the focus from the choice (arrow keys go on from there).
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('ko')
    await screenshot(page, 'settings-ko')

    await page.reload()
    await page.getByRole('heading', { name: '설정', level: 1 }).waitFor()
    expect(await plannerLink(page).textContent()).toContain('플래너')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko')

    // A browser that never chose Korean itself follows the profile once signed in.
    const other = await (await harness.newContext({ locale: 'en-US' })).newPage()
    await signInThroughUi(other, person, 'Second browser')
    await expect.poll(async () => plannerLink(other).textContent()).toContain('플래너')
  })

  it('shows a wrong current password in the UI language, at the field and above the button', async () => {
    const page = await (
      await harness.newContext({
        expectedConsoleErrors: [
          {
            pattern: /status of 400 .*\/api\/accounts\/me\/password\)$/,
            reason: 'the test gives a wrong current password, twice',
          },
        ],
      })
    ).newPage()
    await signUpThroughUi(page, newPerson('pw'))
    await page.goto('/settings')
    const password = page.getByTestId('password')
    await password.getByLabel('Current password').fill('not-my-password-1')
    await password.getByLabel('New password').fill('another-lantern-orchard-77')
    await password.getByRole('button', { name: 'Change password' }).click()
    await password.getByTestId('form-error').waitFor()
    expect(await password.getByTestId('form-error').textContent()).toBe('Your current password is not right.')
    expect(await password.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true')

    await page.getByRole('radio', { name: '한국어' }).check()
    await page.getByText('저장했습니다.').waitFor()
    await password.getByLabel('현재 비밀번호').fill('not-my-password-2')
    await password.getByLabel('새 비밀번호').fill('another-lantern-orchard-77')
    await password.getByRole('button', { name: '비밀번호 변경' }).click()
    await expect
      .poll(async () => password.getByTestId('form-error').textContent())
      .toBe('현재 비밀번호가 올바르지 않습니다.')
    const fieldError = password.locator('.field-error')
    expect(await fieldError.count()).toBe(1)
    expect(await fieldError.textContent()).not.toBe('')
  })

  it('refuses a bad screenshot with a localized message and sends good feedback', async () => {
    const context = await harness.newContext({
      expectedConsoleErrors: [
        { pattern: /status of 400 .*\/api\/feedback\)$/, reason: 'the test sends screenshots the server refuses' },
      ],
    })
    const page = await context.newPage()
    await signUpThroughUi(page, newPerson('fb'))
    await page.goto('/settings/feedback')
    const form = page.locator('form.feedback-form')
    const file = form.getByLabel('Screenshot (optional)')

    // Too large: refused here, before anything is sent.
    await file.setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(FEEDBACK_SCREENSHOT_MAX_BYTES + 1),
    })
    expect(await form.getByTestId('screenshot-error').textContent()).toBe(
      'The screenshot is too large: it may be at most 5 MB.',
    )

    // Named .png but not an image: the server sniffs the content and says so, at the same field.
    await file.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') })
    await form.getByLabel('Title').fill('Fake screenshot')
    await form.getByLabel('Message').fill('This file only pretends to be an image.')
    await form.getByRole('button', { name: 'Send' }).click()
    await expect
      .poll(async () => form.getByTestId('screenshot-error').textContent())
      .toBe('The screenshot must be a PNG, JPEG, WebP or GIF image.')

    // An empty message: the server names the field, the form shows it there.
    await form.getByLabel('Message').fill(' ')
    await file.setInputFiles([])
    await form.getByRole('button', { name: 'Send' }).click()
    await form.getByTestId('form-error').waitFor()
    expect(await form.getByLabel('Message').getAttribute('aria-invalid')).toBe('true')

    // A real image: previewed, sent, confirmed and listed with its status.
    const image = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 300 } })
    await form.getByLabel('What is it about?').selectOption('bug')
    await form.getByLabel('Title').fill('Reminder came twice')
    await form.getByLabel('Message').fill('I got the 8:00 reminder twice today.')
    await file.setInputFiles({ name: 'reminder.png', mimeType: 'image/png', buffer: image })
    await form.getByRole('img', { name: 'Preview of the chosen screenshot' }).waitFor()
    await screenshot(page, 'feedback-form')
    await form.getByRole('button', { name: 'Send' }).click()
    await page.getByTestId('feedback-sent').waitFor()
    const mine = page.getByTestId('my-feedback')
    await mine.first().waitFor()
    expect(await mine.count()).toBe(1)
    expect(await mine.first().textContent()).toContain('Reminder came twice')
    expect(await mine.first().textContent()).toContain('Pending')
    expect(await mine.first().textContent()).toContain('with screenshot')
  })

  it('lists both devices and signs the other one out, which sends it to sign-in', async () => {
    const first = await (await harness.newContext()).newPage()
    const person = await signUpThroughUi(first, newPerson('dev'))
    const second = await (await harness.newContext()).newPage()
    await signInThroughUi(second, person, 'Work laptop')
    await expect.poll(() => second.getByTestId('connection-status').getAttribute('data-status')).toBe('online')

    await first.goto('/settings/devices')
    const devices = first.getByTestId('device')
    await expect.poll(() => devices.count()).toBe(2)

    // A keyboard user who presses Refresh keeps their place: the button stays focused while it works.
    const refresh = first.getByTestId('devices').getByRole('button', { name: 'Refresh' })
    await refresh.focus()
    const refetched = first.waitForResponse((response) => response.url().endsWith('/api/accounts/devices'))
    await first.keyboard.press('Enter')
    await refetched
    await expect.poll(() => refresh.getAttribute('aria-busy')).toBe(null)
    expect(await refresh.evaluate((button) => document.activeElement === button)).toBe(true)
    const current = first.locator('[data-testid="device"][data-current="true"]')
    expect(await current.count()).toBe(1)
    expect(await current.textContent()).toContain('This device')
    expect(await first.getByTestId('devices').textContent()).toContain('Work laptop')
    await screenshot(first, 'settings-devices')

    await first.getByRole('button', { name: 'Sign out Work laptop' }).click()
    const dialog = first.getByRole('dialog', { name: 'Sign out this device?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => devices.count()).toBe(1)
    expect(await devices.first().getAttribute('data-current')).toBe('true')

    await second.waitForURL('**/signin**')
    expect(first.url()).toContain('/settings/devices')
  })

  it('fits a phone screen', async () => {
    const page = await (await harness.newContext({ viewport: { width: 375, height: 800 } })).newPage()
    await signUpThroughUi(page, newPerson('phone'))
    await page.goto('/settings')
    await page.getByTestId('reminders').getByRole('switch').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(page, 'settings-mobile')
  })
})
