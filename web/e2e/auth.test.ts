import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPerson, screenshot, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

describe('signing up, in and out in a real browser', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => harness?.close())

  it('signs a new user up, shows the app live, signs out and back in on another device', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    await page.goto('/')
    await page.waitForURL('**/signin**')
    await screenshot(page, 'signin')
    const person = await signUpThroughUi(page, newPerson('auth'))
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('online')
    await screenshot(page, 'planner-empty')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/signin**')

    const other = await (await harness.newContext()).newPage()
    await signInThroughUi(other, person, 'Work laptop')
    expect(await other.getByTestId('connection-status').getAttribute('data-status')).not.toBeNull()
  })

  it('shows the localized problem of a rejected sign-up next to the form', async () => {
    const page = await (
      await harness.newContext({
        expectedConsoleErrors: [
          { pattern: /status of 400 .*\/api\/accounts\/signup\)$/, reason: 'the test submits an invalid sign-up' },
        ],
      })
    ).newPage()
    await page.goto('/signup')
    await page.getByLabel('Email').fill('not-an-email')
    await page.getByLabel('Username').fill('x')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    const alert = page.getByTestId('form-error')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('Some fields need a second look.')
    await screenshot(page, 'signup-invalid')
  })
})
