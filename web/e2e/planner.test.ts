import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completion, startLlmServer, type TestLlmServer } from '../../server/src/test/llm-server.ts'
import { newPerson, screenshot, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

/** The planner in a real browser: the day view, sheets, reordering, AI breakdown and live sync. */

const PROPOSALS = [
  { content: 'Gather the receipts', estimatedMinutes: 30 },
  { content: 'Fill in the form', estimatedMinutes: 60 },
  { content: 'Check the totals', estimatedMinutes: 20 },
  { content: 'Submit online', estimatedMinutes: 15 },
]

async function waitUntilLive(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('online')
}

async function createCategory(page: Page, title: string): Promise<void> {
  await page.getByLabel('Category name').fill(title)
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('heading', { name: title }).waitFor()
}

async function addTodo(page: Page, category: string, content: string): Promise<void> {
  const input = page.getByLabel(`Add a todo to ${category}`)
  await input.fill(content)
  await input.press('Enter')
  await page.getByRole('checkbox', { name: content, exact: true }).waitFor()
}

/** The todos of the day as the page lists them, top to bottom. */
async function todoOrder(page: Page): Promise<string[]> {
  return page.locator('.todo-row .todo-text').allTextContents()
}

/** Presses Tab until the focused control is the one labelled `label` (keyboard only). */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement
      if (!(element instanceof HTMLElement)) return null
      const labelled = element.getAttribute('aria-label')
      if (labelled !== null) return labelled
      return element instanceof HTMLInputElement ? (element.labels?.[0]?.textContent ?? null) : null
    })
    if (focused === label) return
  }
  throw new Error(`Tab never reached "${label}"`)
}

/** The accessible label of the focused control (its aria-label). */
async function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)
}

/** Runs `action` and waits until the server answered the move it makes. */
async function moved(page: Page, action: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().endsWith('/move') && response.ok())
  await action()
  await answered
}

/** Drags a row by its grip onto another row with the mouse, in small steps as a hand would. */
async function drag(page: Page, name: string, onto: string): Promise<void> {
  const grip = await page.getByRole('button', { name: `Drag to reorder ${name}` }).boundingBox()
  const target = await page.getByRole('checkbox', { name: onto, exact: true }).boundingBox()
  if (grip === null || target === null) throw new Error('rows not laid out')
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2)
  await page.mouse.down()
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 - 6, { steps: 3 })
  await page.mouse.move(grip.x + grip.width / 2, target.y + target.height / 2 - 4, { steps: 12 })
  await page.mouse.up()
}

describe('the planner in a real browser', () => {
  let harness: Harness
  let llm: TestLlmServer
  beforeAll(async () => {
    llm = await startLlmServer()
    llm.answerWith(() => ({ json: completion({ steps: PROPOSALS }) }))
    harness = await startHarness({
      workers: true,
      env: {
        LLM_BASE_URL: llm.baseUrl,
        LLM_API_KEY: 'test-key',
        LLM_MODEL: 'fake-model',
        LLM_TIMEOUT_MS: '5000',
        PLANNER_BREAKDOWN_COOLDOWN_SECONDS: '0',
      },
    })
  })
  afterAll(async () => {
    await harness?.close()
    await llm?.close()
  })

  it('keeps two browsers of one user in step: create, complete and rename without reloading', async () => {
    const first = await (await harness.newContext()).newPage()
    const person = await signUpThroughUi(first, newPerson('sync'))
    await createCategory(first, 'Home')
    const second = await (await harness.newContext()).newPage()
    await signInThroughUi(second, person)
    await waitUntilLive(first)
    await waitUntilLive(second)
    await second.getByRole('heading', { name: 'Home' }).waitFor()

    await addTodo(first, 'Home', 'Water the plants')
    const mirrored = second.getByRole('checkbox', { name: 'Water the plants', exact: true })
    await mirrored.waitFor()

    await mirrored.check()
    await expect
      .poll(() => first.getByRole('checkbox', { name: 'Water the plants', exact: true }).isChecked())
      .toBe(true)

    await first.getByRole('link', { name: 'Open Water the plants' }).click()
    const title = first.getByTestId('todo-sheet').getByLabel('Todo', { exact: true })
    await title.fill('Water the garden')
    await title.press('Enter')
    await second.getByRole('checkbox', { name: 'Water the garden', exact: true }).waitFor()
    expect(await second.getByRole('checkbox', { name: 'Water the plants', exact: true }).count()).toBe(0)

    // Sent to the inbox on one, it leaves the day and shows in the inbox on the other.
    await first.getByTestId('todo-sheet').getByRole('button', { name: 'Move to inbox (no date)' }).click()
    await second.getByRole('checkbox', { name: 'Water the garden', exact: true }).waitFor({ state: 'detached' })
    await second.getByRole('link', { name: 'Inbox' }).click()
    await second.getByRole('checkbox', { name: 'Water the garden', exact: true }).waitFor()

    // Deleted on one, gone from the other.
    await first.getByTestId('todo-sheet').getByRole('button', { name: 'Delete todo' }).click()
    await first.getByTestId('todo-sheet').getByRole('button', { name: 'Delete', exact: true }).click()
    await first.getByTestId('todo-sheet').waitFor({ state: 'detached' })
    // The link that opened the sheet went with the todo: the main region has the focus, not nothing.
    expect(await first.evaluate(() => document.activeElement?.id)).toBe('main')
    await second.getByRole('checkbox', { name: 'Water the garden', exact: true }).waitFor({ state: 'detached' })
  })
  it('creates, reorders by mouse and keyboard, and breaks a todo down into chosen subtodos', async () => {
    const page = await (await harness.newContext()).newPage()
    const person = await signUpThroughUi(page, newPerson('plan'))
    await waitUntilLive(page)
    await createCategory(page, 'Taxes')
    for (const content of ['Alpha', 'Bravo', 'Charlie']) await addTodo(page, 'Taxes', content)
    expect(await todoOrder(page)).toEqual(['Alpha', 'Bravo', 'Charlie'])

    await moved(page, () => drag(page, 'Charlie', 'Alpha'))
    expect(await todoOrder(page)).toEqual(['Charlie', 'Alpha', 'Bravo'])

    // Without a mouse: the "Move down" button from the keyboard, then the drag grip's keyboard mode.
    await page.getByRole('button', { name: 'Move Alpha down' }).focus()
    await moved(page, () => page.keyboard.press('Enter'))
    expect(await todoOrder(page)).toEqual(['Charlie', 'Bravo', 'Alpha'])
    // Alpha is last now: focus stays on its row, on the button that still works.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Alpha up')
    await page.getByRole('button', { name: 'Drag to reorder Bravo' }).focus()
    await moved(page, async () => {
      // dnd-kit measures the rows between key presses, as it would between a person's.
      for (const key of ['Space', 'ArrowUp', 'Space']) {
        await page.keyboard.press(key)
        await page.waitForTimeout(250)
      }
    })
    expect(await todoOrder(page)).toEqual(['Bravo', 'Charlie', 'Alpha'])

    await page.reload()
    await page.getByRole('checkbox', { name: 'Alpha', exact: true }).waitFor()
    expect(await todoOrder(page)).toEqual(['Bravo', 'Charlie', 'Alpha'])

    await page.getByRole('link', { name: 'Open Charlie' }).click()
    const sheet = page.getByTestId('todo-sheet')
    await sheet.getByLabel('Todo', { exact: true }).waitFor()
    expect(page.url()).toMatch(/\/planner\/todos\/[0-9a-f-]{36}$/)
    await screenshot(page, 'planner-todo-sheet')

    await sheet.getByRole('button', { name: 'Break down' }).click()
    const review = sheet.getByTestId('breakdown-review')
    await review.waitFor()
    expect(llm.requests.length).toBeGreaterThan(0)
    // The pressed button made way for the progress, then the review: the focus followed to its heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Suggested steps')
    expect(await review.getByRole('checkbox').count()).toBe(PROPOSALS.length)
    await review.getByRole('checkbox', { name: /Fill in the form/ }).check()
    await review.getByRole('checkbox', { name: /Submit online/ }).check()
    await screenshot(page, 'planner-breakdown-review')
    await review.getByRole('button', { name: 'Add 2 steps' }).click()
    await review.waitFor({ state: 'detached' })
    expect(
      await sheet
        .getByTestId('subtodo-row')
        .getByRole('checkbox')
        .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label'))),
    ).toEqual(['Fill in the form', 'Submit online'])

    // Steps are checked, reordered, renamed and deleted in the sheet.
    const steps = () =>
      sheet
        .getByTestId('subtodo-row')
        .getByRole('checkbox')
        .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label')))
    await moved(page, () => sheet.getByRole('button', { name: 'Move Submit online up' }).click())
    expect(await steps()).toEqual(['Submit online', 'Fill in the form'])
    await sheet.getByRole('checkbox', { name: 'Fill in the form', exact: true }).check()
    const stepName = sheet.getByLabel('Edit step Submit online')
    await stepName.fill('Submit on the website')
    await stepName.press('Enter')
    await sheet.getByRole('checkbox', { name: 'Submit on the website', exact: true }).waitFor()
    // Saved in place: the renamed step's input keeps the focus.
    expect(await focusedLabel(page)).toBe('Edit step Submit on the website')
    await sheet.getByRole('button', { name: 'Delete step Submit on the website' }).click()
    await expect.poll(steps).toEqual(['Fill in the form'])
    // The deleted step's button is gone; the focus goes to the next step's, not to the page.
    expect(await focusedLabel(page)).toBe('Delete step Fill in the form')
    await sheet.getByLabel('Add a step').fill('Print a copy')
    await sheet.getByLabel('Add a step').press('Enter')
    await expect.poll(steps).toEqual(['Fill in the form', 'Print a copy'])

    // The URL alone opens the todo (as a push notification's link does), on a phone-sized screen.
    const sheetUrl = page.url()
    await page.keyboard.press('Escape')
    await page.waitForURL(/\/planner$/)
    await page.getByRole('link', { name: 'Open Charlie' }).waitFor()
    expect(await page.getByRole('link', { name: 'Open Charlie' }).textContent()).toContain('1/2')
    await page.getByRole('checkbox', { name: 'Bravo', exact: true }).check()
    await screenshot(page, 'planner-today')

    const phone = await (await harness.newContext({ viewport: { width: 375, height: 800 } })).newPage()
    await signInThroughUi(phone, person, 'Phone')
    await phone.goto(sheetUrl)
    const phoneSheet = phone.getByTestId('todo-sheet')
    await phoneSheet.getByTestId('subtodo-row').first().waitFor()
    expect(await phoneSheet.getByLabel('Todo', { exact: true }).inputValue()).toBe('Charlie')
    await screenshot(phone, 'planner-mobile-sheet')
    await phone.keyboard.press('Escape')
    await phone.getByRole('checkbox', { name: 'Alpha', exact: true }).waitFor()
    await screenshot(phone, 'planner-mobile')

    await page.getByRole('link', { name: 'Categories' }).click()
    await page.getByRole('heading', { name: 'Your categories' }).waitFor()
    await page.getByLabel('Category name').fill('Home')
    await page.getByRole('radio', { name: 'Green' }).check()
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.getByLabel('Rename Home').waitFor()
    const rename = page.getByLabel('Rename Taxes')
    await rename.fill('Taxes 2026')
    await rename.press('Enter')
    await page.getByLabel('Rename Taxes 2026').waitFor()
    expect(await focusedLabel(page)).toBe('Rename Taxes 2026')
    await screenshot(page, 'planner-categories')

    // A category with todos asks where they go; here, to Home, in their order.
    await page.getByRole('button', { name: 'Delete Taxes 2026' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('It still has todos. What should happen to them?').waitFor()
    await dialog.getByRole('radio', { name: 'Move them to' }).check()
    expect(await dialog.getByLabel('Category that receives the todos').inputValue()).not.toBe('')
    await dialog.getByRole('button', { name: 'Delete category' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await page.getByTestId('category-row').count()).toBe(1)
    // Its "Delete" button went with it: the list takes the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Your categories')
    await page.getByRole('link', { name: 'Today', exact: true }).click()
    await page.getByRole('heading', { name: 'Home' }).waitFor()
    expect(await todoOrder(page)).toEqual(['Bravo', 'Charlie', 'Alpha'])
  })

  it('creates a category and a todo with the keyboard alone', async () => {
    const page = await (await harness.newContext()).newPage()
    await signUpThroughUi(page, newPerson('keys'))
    await waitUntilLive(page)

    await tabTo(page, 'Category name')
    await page.keyboard.type('Errands')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Errands' }).waitFor()

    await tabTo(page, 'Add a todo to Errands')
    await page.keyboard.type('Buy stamps')
    await page.keyboard.press('Enter')
    await page.getByRole('checkbox', { name: 'Buy stamps', exact: true }).waitFor()
    // The input is ready for the next one.
    await page.keyboard.type('Post the letter')
    await page.keyboard.press('Enter')
    await page.getByRole('checkbox', { name: 'Post the letter', exact: true }).waitFor()
    expect(await todoOrder(page)).toEqual(['Buy stamps', 'Post the letter'])
  })
  it('says so when a breakdown fails, and tries again on request', async () => {
    llm.answerWith(() => ({ status: 401, json: { error: { message: 'invalid api key' } } }))
    try {
      const page = await (await harness.newContext()).newPage()
      await signUpThroughUi(page, newPerson('fail'))
      await createCategory(page, 'Study')
      await addTodo(page, 'Study', 'Read chapter 4')
      await page.getByRole('link', { name: 'Open Read chapter 4' }).click()
      const sheet = page.getByTestId('todo-sheet')
      await sheet.getByRole('button', { name: 'Break down' }).click()
      const alert = sheet.getByText('The breakdown did not work this time. Please try again.')
      await alert.waitFor()
      expect(await sheet.getByTestId('subtodo-row').count()).toBe(0)

      llm.answerWith(() => ({ json: completion({ steps: PROPOSALS }) }))
      await sheet.getByRole('button', { name: 'Try again' }).click()
      await sheet.getByRole('button', { name: 'Break down' }).click()
      await sheet.getByTestId('breakdown-review').waitFor()
    } finally {
      llm.answerWith(() => ({ json: completion({ steps: PROPOSALS }) }))
    }
  })
})
