import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureStaffUser } from '../../server/src/modules/accounts/index.ts'
import { newPerson, screenshot, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

describe('the staff pages in a real browser', () => {
  let harness: Harness
  let shouldFail = true
  beforeAll(async () => {
    // A job that fails on demand, so the overview has a failure to show and retry.
    harness = await startHarness({
      workers: true,
      jobs: [
        {
          name: 'e2e.flaky',
          payload: Type.Object({ n: Type.Integer() }),
          retryLimit: 0,
          async handle(payload: { n: number }) {
            if (shouldFail) throw new Error(`flaky job ${payload.n} could not reach the printer`)
            return { n: payload.n }
          },
        },
      ],
    })
  })
  afterAll(async () => harness?.close())

  it('tells a user who is not staff that the staff area is not for them, and hides the link', async () => {
    const page = await (await harness.newContext()).newPage()
    await signUpThroughUi(page, newPerson('plain'))
    expect(await page.getByRole('link', { name: /Staff/ }).count()).toBe(0)
    await page.goto('/staff')
    await page.getByTestId('staff-denied').waitFor()
    expect(await page.getByTestId('staff-denied').textContent()).toContain('only for Madang staff')
  })

  it('shows staff the jobs and the feedback inbox with a user’s screenshot, and changes its status', async () => {
    // A user sends feedback with a screenshot through the contact form.
    const userPage = await (await harness.newContext()).newPage()
    await signUpThroughUi(userPage, newPerson('author'))
    await userPage.goto('/settings/feedback')
    const image = await userPage.screenshot({ clip: { x: 0, y: 0, width: 400, height: 240 } })
    const form = userPage.locator('form.feedback-form')
    await form.getByLabel('What is it about?').selectOption('bug')
    await form.getByLabel('Title').fill('Todo list jumps')
    await form.getByLabel('Message').fill('When I drag a todo, the list jumps to the top.')
    await form.getByLabel('Screenshot (optional)').setInputFiles({
      name: 'jump.png',
      mimeType: 'image/png',
      buffer: image,
    })
    await form.getByRole('button', { name: 'Send' }).click()
    await userPage.getByTestId('feedback-sent').waitFor()

    // A job fails in the background.
    shouldFail = true
    const { taskId } = await harness.server.ctx.transaction((tx) =>
      harness.server.ctx.jobs.enqueue(tx, 'e2e.flaky', { n: 7 }),
    )
    await expect
      .poll(async () => (await harness.server.ctx.jobs.getTask(taskId))?.state, { timeout: 20_000 })
      .toBe('failed')

    const staff = newPerson('staff')
    await ensureStaffUser(harness.server.ctx, staff)
    const page = await (await harness.newContext()).newPage()
    await signInThroughUi(page, staff, 'Staff desk')
    // create-admin makes the account with the server's default language, Korean: read on in English.
    await page.goto('/settings')
    await page.getByRole('radio', { name: 'English' }).check()
    await page.getByText('Saved.').waitFor()
    await page.getByRole('link', { name: 'Staff' }).click()
    await page.waitForURL('**/staff')

    const row = page.getByTestId('queue-row').filter({ hasText: 'e2e.flaky' })
    await row.waitFor()
    expect(await row.locator('td').nth(4).textContent()).toBe('1')
    const failure = page.getByTestId('failure').filter({ hasText: 'e2e.flaky' })
    expect(await failure.textContent()).toContain('flaky job 7 could not reach the printer')
    await screenshot(page, 'staff-jobs')

    shouldFail = false
    await failure.getByRole('button', { name: 'Retry e2e.flaky' }).click()
    await expect.poll(() => failure.count()).toBe(0)
    // The retried failure and its button are gone: the focus is on the list's heading, not lost.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('staff-failures')
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click()
          return row.locator('td').nth(3).textContent()
        },
        { timeout: 20_000 },
      )
      .toBe('1')

    // The inbox: the user's feedback, its message and screenshot, and a status change.
    await page.getByRole('link', { name: 'Feedback inbox' }).click()
    const item = page.getByTestId('inbox-item').filter({ hasText: 'Todo list jumps' })
    await item.waitFor()
    expect(await item.textContent()).toContain('with screenshot')
    await item.getByRole('link', { name: 'Todo list jumps' }).click()
    const detail = page.getByTestId('feedback-detail')
    await detail.waitFor()
    expect(await detail.getByTestId('feedback-message').textContent()).toBe(
      'When I drag a todo, the list jumps to the top.',
    )
    const shot = detail.getByRole('img', { name: 'Screenshot sent with “Todo list jumps”' })
    await expect
      .poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBe(400)
    await detail.getByLabel('Status').selectOption('processing')
    await detail.getByRole('button', { name: 'Change status' }).click()
    await detail.getByText('Status changed; the author has been told.').waitFor()
    await screenshot(page, 'staff-feedback')

    // The author sees the new status.
    await userPage.reload()
    const mine = userPage.getByTestId('my-feedback').filter({ hasText: 'Todo list jumps' })
    await expect.poll(async () => mine.textContent()).toContain('In progress')
  })
})
