import type { Category, Todo, TodoPage, User } from '@madang/contracts'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPerson, screenshot, signInThroughUi, signUpThroughUi, startHarness, type Harness } from './harness.ts'

/**
 * The app stays right across a lost connection: what other devices did meanwhile shows up when
 * it is back, and what was done here meanwhile is sent then, even from a page opened after the one
 * it was done in was closed.
 *
 * Chromium's offline emulation (`context.setOffline`) fails HTTP and new WebSockets and fires the
 * browser's offline event, but leaves open WebSockets alone. So each page of device B records its
 * sockets, and going offline also closes them, as a real loss of the network would.
 */
const RECORD_SOCKETS = () => {
  const Native = window.WebSocket
  const sockets = new Set<WebSocket>()
  Object.assign(window, { testSockets: sockets })
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      sockets.add(this)
      this.addEventListener('close', () => sockets.delete(this))
    }
  }
}

async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true)
  await page.evaluate(() => {
    for (const socket of (window as unknown as { testSockets: Set<WebSocket> }).testSockets) socket.close(4000)
  })
}

async function sessionOf(page: Page): Promise<{ token: string; user: User }> {
  const raw = await page.evaluate(() => localStorage.getItem('madang.session'))
  const session = JSON.parse(raw ?? 'null') as { user: User; tokens: { accessToken: string } }
  return { token: session.tokens.accessToken, user: session.user }
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  )
}

function liveStatus(page: Page): Promise<string | null> {
  return page.getByTestId('connection-status').getAttribute('data-status')
}

describe('live updates across a lost connection', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => harness?.close())

  /** One user on two devices (A and B, both on the planner, live), with a category. */
  async function twoDevices(prefix: string) {
    const contextA = await harness.newContext()
    const contextB = await harness.newContext({
      expectedConsoleErrors: [
        {
          pattern: /^WebSocket connection to .*\/ws' failed: .*ERR_INTERNET_DISCONNECTED/,
          reason: 'the test takes device B offline; its socket then fails to reconnect until it is back',
        },
      ],
    })
    await contextB.addInitScript(RECORD_SOCKETS)
    const a = await contextA.newPage()
    const person = await signUpThroughUi(a, newPerson(prefix))
    const { token, user } = await sessionOf(a)
    const created = await harness.server.http<Category>('POST', '/api/planner/categories', {
      token,
      body: { title: 'Errands' },
    })
    expect(created.status).toBe(201)
    const b = await contextB.newPage()
    await signInThroughUi(b, person)
    await expect.poll(() => liveStatus(a)).toBe('online')
    await expect.poll(() => liveStatus(b)).toBe('online')
    await b.getByRole('heading', { name: 'Errands' }).waitFor()
    return { a, b, contextB, token, category: created.body, today: todayIn(user.timeZone) }
  }

  it('shows on a device that was offline what another device did meanwhile, without a reload', async () => {
    const { a, b, contextB, token, category, today } = await twoDevices('recover')
    await b.evaluate(() => {
      ;(window as unknown as { loadedAt: string }).loadedAt = 'first load'
    })

    await goOffline(contextB, b)
    await b.getByTestId('offline-banner').waitFor()
    expect(await b.getByTestId('offline-banner').textContent()).toContain('You are offline')

    const made = await harness.server.http<Todo>('POST', '/api/planner/todos', {
      token,
      body: { categoryId: category.id, content: 'Buy plums', date: today },
    })
    expect(made.status).toBe(201)
    await a.getByText('Buy plums').waitFor()
    // B cannot know yet: its socket is down.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await b.getByText('Buy plums').count()).toBe(0)

    await contextB.setOffline(false)
    await b.getByText('Buy plums').waitFor({ timeout: 15_000 })
    await expect.poll(() => b.getByTestId('offline-banner').count()).toBe(0)
    await expect.poll(() => liveStatus(b)).toBe('online')
    // The same page, not a reload.
    expect(await b.evaluate(() => (window as unknown as { loadedAt?: string }).loadedAt)).toBe('first load')
  })

  it('sends a todo added while offline once the connection is back, and the other device shows it', async () => {
    const { a, b, contextB, token, category } = await twoDevices('queue')
    const todosOnServer = async () => {
      const page = await harness.server.http<TodoPage>('GET', `/api/planner/categories/${category.id}/todos`, { token })
      expect(page.status).toBe(200)
      return page.body.items.map((todo) => todo.content)
    }

    await goOffline(contextB, b)
    await b.getByTestId('offline-banner').waitFor()
    const quickAdd = b.getByLabel('Add a todo to Errands')
    await quickAdd.fill('Water the basil')
    await quickAdd.press('Enter')
    await quickAdd.fill('Call the plumber')
    await quickAdd.press('Enter')
    const banner = b.getByTestId('offline-banner')
    await expect.poll(() => banner.getAttribute('data-waiting')).toBe('2')
    expect(await banner.textContent()).toContain('2 changes will be sent when you are back online.')
    await screenshot(b, 'offline-changes-waiting')

    // Nothing reached the server yet; the changes are stored, so the page need not be kept open.
    expect(await todosOnServer()).toEqual([])
    expect(await a.getByText('Water the basil').count()).toBe(0)
    expect(await banner.textContent()).not.toContain('Keep this page open')
    const dialogs: string[] = []
    b.once('dialog', (dialog) => {
      dialogs.push(dialog.type())
      void dialog.dismiss()
    })

    await contextB.setOffline(false)
    await a.getByText('Water the basil').waitFor({ timeout: 15_000 })
    await a.getByText('Call the plumber').waitFor()
    await b.getByText('Call the plumber').waitFor()
    await expect.poll(() => b.getByTestId('offline-banner').count()).toBe(0)
    // Sent once each, in the order they were made, and nothing asked to keep the page open.
    expect(await todosOnServer()).toEqual(['Water the basil', 'Call the plumber'])
    expect(dialogs).toEqual([])
  })

  it('sends changes made offline in a page that was closed, from the next page opened once online', async () => {
    const { a, b, contextB, token, category, today } = await twoDevices('reopen')
    const made = await harness.server.http<Todo>('POST', '/api/planner/todos', {
      token,
      body: { categoryId: category.id, content: 'Buy plums', date: today },
    })
    expect(made.status).toBe(201)
    const todosOnServer = async () => {
      const page = await harness.server.http<TodoPage>('GET', `/api/planner/categories/${category.id}/todos`, { token })
      expect(page.status).toBe(200)
      return page.body.items
    }
    const plums = b.getByRole('checkbox', { name: 'Buy plums', exact: true })
    await plums.waitFor()

    await goOffline(contextB, b)
    await b.getByTestId('offline-banner').waitFor()
    await plums.check()
    const quickAdd = b.getByLabel('Add a todo to Errands')
    await quickAdd.fill('Water the basil')
    await quickAdd.press('Enter')
    await expect.poll(() => b.getByTestId('offline-banner').getAttribute('data-waiting')).toBe('2')

    // The phone kills the tab: no leave prompt, no chance to send anything.
    await b.close({ runBeforeUnload: false })
    expect((await todosOnServer()).map((todo) => [todo.content, todo.isDone])).toEqual([['Buy plums', false]])

    await contextB.setOffline(false)
    const reopened = await contextB.newPage()
    await reopened.goto('/')
    await a.getByText('Water the basil').waitFor({ timeout: 15_000 })
    await expect
      .poll(async () => (await todosOnServer()).map((todo) => [todo.content, todo.isDone]))
      .toEqual([
        ['Buy plums', true],
        ['Water the basil', false],
      ])
    // In the order they were made: the tick reached the server before the new todo did.
    const [ticked, added] = await todosOnServer()
    expect(Date.parse(ticked?.updatedAt ?? '')).toBeLessThanOrEqual(Date.parse(added?.createdAt ?? ''))
    // The reopened page refetched after the replay: it shows both, and nothing waits any more.
    await expect.poll(() => reopened.getByRole('checkbox', { name: 'Buy plums', exact: true }).isChecked()).toBe(true)
    await reopened.getByRole('checkbox', { name: 'Water the basil', exact: true }).waitFor()
    expect(
      await reopened.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('madang.changes'))),
    ).toEqual([])
  })
})
