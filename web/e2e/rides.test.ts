import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  newPerson,
  screenshot,
  signInThroughUi,
  signUpThroughUi,
  startHarness,
  type ExpectedConsoleError,
  type Harness,
} from './harness.ts'

/**
 * The taxi app in two browsers: a rider requests a trip, a nearby driver sees it arrive live,
 * accepts it and drives (a simulated route); the rider watches the driver's marker move, the trip
 * is completed and rated, and both histories show it.
 */

async function waitUntilLive(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('online')
}

/**
 * The map asks for one probe tile from the configured tile server (OpenStreetMap), which the test
 * browser cannot load (the CSP and no network): the map then draws on its plain background.
 */
const TILE_PROBE: ExpectedConsoleError = {
  pattern: /tile\.openstreetmap\.org\/0\/0\/0\.png/,
  reason: 'the map probes one tile, which cannot load here, and falls back to its plain background',
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, as text. */
async function accessibilityProblems(page: Page, name: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const problems = await page.evaluate(async () => {
    interface AxeResult {
      id: string
      impact?: string | null
      nodes: Array<{ target: unknown[] }>
    }
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: AxeResult[] }> }
    }
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
  })
  return problems.map((problem) => `${name}: ${problem}`)
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { name, exact: typeof name === 'string' })
}

/**
 * Makes the signed-in user a driver and takes them online: at a preset place (simulated
 * location), or where the browser's geolocation says (`'device'`).
 */
async function goOnlineAsDriver(page: Page, start: string): Promise<void> {
  await page.goto('/rides/drive')
  await page.getByLabel('Vehicle', { exact: true }).fill('Kia K5, grey')
  await page.getByLabel('Plate number', { exact: true }).fill('34나 5678')
  await page.getByRole('button', { name: 'Save vehicle' }).click()
  await waitUntilLive(page)
  if (start === 'device') await page.getByLabel("This device's location").check()
  else await page.getByLabel('Simulated start').selectOption(start)
  await page.getByRole('button', { name: 'Go online' }).click()
  await page.getByText('No requested trips nearby yet.').waitFor()
}

/** Requests a ride between two preset places as the signed-in rider, once the fare is estimated. */
async function requestRide(page: Page, pickUp: string, dropOff: string): Promise<void> {
  await page.goto('/rides')
  await waitUntilLive(page)
  await page.getByLabel('Pick-up place').selectOption(pickUp)
  await page.getByLabel('Drop-off place').selectOption(dropOff)
  await expect.poll(() => page.getByTestId('ride-estimate').textContent()).toMatch(/^Estimated fare/)
  await page.getByRole('button', { name: 'Request a ride' }).click()
  await heading(page, 'Looking for a driver…').waitFor()
}

describe('rides in a real browser', { timeout: 180_000 }, () => {
  let harness: Harness
  beforeAll(async () => {
    // Nobody accepting for 2 s widens the search (a job), so "still looking" shows within the test.
    harness = await startHarness({ workers: true, env: { RIDES_DISPATCH_WIDEN_AFTER_SECONDS: '2' } })
  })
  afterAll(async () => harness?.close())

  it('takes a trip from request to rating: live offer, accept, moving driver, complete, 5 stars', async () => {
    // The driver adds a vehicle and goes online at City Hall (simulated), 1.4 km from Seoul Station.
    const driverPage = await (await harness.newContext({ expectedConsoleErrors: [TILE_PROBE] })).newPage()
    await signUpThroughUi(driverPage, newPerson('driver'))
    await driverPage.goto('/rides/drive')
    await heading(driverPage, 'Drive with Madang').waitFor()
    await driverPage.getByLabel('Vehicle', { exact: true }).fill('Hyundai Sonata, white')
    await driverPage.getByLabel('Plate number', { exact: true }).fill('12가 3456')
    await driverPage.getByRole('button', { name: 'Save vehicle' }).click()
    await waitUntilLive(driverPage)
    await driverPage.getByLabel('Simulated route (demo)').check()
    await driverPage.getByLabel('Simulated start').selectOption('cityHall')
    await driverPage.getByRole('button', { name: 'Go online' }).click()
    await driverPage.getByTestId('ride-online-state').getByText('Online').waitFor()
    await driverPage.getByText('No requested trips nearby yet.').waitFor()

    // The rider picks two places, sees the fare, and requests.
    const riderPage = await (await harness.newContext({ expectedConsoleErrors: [TILE_PROBE] })).newPage()
    const rider = await signUpThroughUi(riderPage, newPerson('rider'))
    await riderPage.getByRole('link', { name: 'Rides' }).click()
    await waitUntilLive(riderPage)
    expect(await riderPage.getByTestId('ride-estimate').textContent()).toBe(
      'Set the pick-up and the drop-off to see the fare.',
    )
    await riderPage.getByLabel('Pick-up place').selectOption('seoulStation')
    expect(await riderPage.getByLabel('Pick-up address').inputValue()).toBe('Seoul Station')
    await riderPage.getByLabel('Drop-off place').selectOption('yeouido')
    await expect
      .poll(() => riderPage.getByTestId('ride-estimate').textContent())
      .toMatch(/^Estimated fare: \d+\.\d km · ₩/)
    await riderPage.getByTestId('map-marker-pickUp').waitFor()
    await riderPage.getByTestId('map-marker-dropOff').waitFor()
    await screenshot(riderPage, 'rides-rider-request')
    const problems = await accessibilityProblems(riderPage, 'request')
    await riderPage.getByRole('button', { name: 'Request a ride' }).click()
    await heading(riderPage, 'Looking for a driver…').waitFor()

    // The offer reaches the driver live: a toast and the list.
    await driverPage
      .getByTestId('ride-toasts')
      .getByText(/^New trip: .+ at Seoul Station \(1\.\d km away\)$/)
      .waitFor()
    const offer = driverPage.getByTestId('ride-offer').filter({ hasText: 'Seoul Station → Yeouido Station' })
    await offer.waitFor()
    await screenshot(driverPage, 'rides-driver')
    problems.push(...(await accessibilityProblems(driverPage, 'driver with an offer')))
    await offer.getByRole('button', { name: 'Accept: drive to pick-up' }).click()
    await heading(driverPage, 'Drive to the pick-up: Seoul Station').waitFor()
    expect(await driverPage.getByTestId('ride-offer').count()).toBe(0)
    expect(await driverPage.getByTestId('ride-driver-distance').textContent()).toMatch(/^1\.\d km to go$/)

    // The rider sees the driver coming, the marker moving towards the pick-up, and an ETA.
    await heading(riderPage, /is on the way to pick you up$/).waitFor()
    expect(await riderPage.getByTestId('ride-driver').textContent()).not.toBe('')
    const marker = riderPage.getByTestId('map-marker-driver')
    await marker.waitFor()
    const firstLat = Number(await marker.getAttribute('data-lat'))
    await expect.poll(async () => Number(await marker.getAttribute('data-lat'))).toBeLessThan(firstLat)
    expect(await riderPage.getByTestId('ride-eta').textContent()).toMatch(/^1\.\d km away · about [1-9] minutes?$/)
    await screenshot(riderPage, 'rides-rider-live')
    problems.push(...(await accessibilityProblems(riderPage, 'live trip')))
    problems.push(...(await accessibilityProblems(driverPage, 'driving')))

    // The course's buttons: drive to drop-off (rider aboard), then complete.
    await driverPage.getByRole('button', { name: 'Rider aboard: drive to drop-off' }).click()
    await heading(riderPage, 'On your way to Yeouido Station').waitFor()
    await driverPage.getByRole('button', { name: 'Complete the trip' }).click()
    await heading(riderPage, 'You have arrived').waitFor()
    await heading(driverPage, 'Trip completed').waitFor()

    await riderPage.getByRole('radio', { name: '5 stars' }).check()
    await riderPage.getByRole('button', { name: 'Send rating' }).click()
    await riderPage.getByText('You rated this trip 5 stars. Thank you!').waitFor()

    // Both histories show the trip, with its rating.
    await riderPage.getByRole('link', { name: 'History' }).click()
    const riderItem = riderPage.getByTestId('ride-history').getByRole('link').first()
    await riderItem.waitFor()
    expect(await riderItem.textContent()).toMatch(/Completed.*Seoul Station → Yeouido Station.*Rated 5 stars/)

    await driverPage.getByRole('button', { name: 'Back to requested trips' }).click()
    await driverPage.getByRole('link', { name: 'History' }).click()
    await driverPage.getByRole('button', { name: 'As driver' }).click()
    const driverItem = driverPage.getByTestId('ride-history').getByRole('link').first()
    await driverItem.waitFor()
    expect(await driverItem.textContent()).toMatch(/Completed.*Seoul Station → Yeouido Station.*Rated 5 stars/)
    await driverItem.click()
    await heading(driverPage, 'Trip').waitFor()
    problems.push(...(await accessibilityProblems(riderPage, 'history')))
    problems.push(...(await accessibilityProblems(driverPage, 'trip detail')))

    // On a phone (375 px) the request page fits the screen.
    const phone = await (
      await harness.newContext({ viewport: { width: 375, height: 800 }, expectedConsoleErrors: [TILE_PROBE] })
    ).newPage()
    await signInThroughUi(phone, rider, 'Phone')
    await phone.goto('/rides')
    await phone.getByLabel('Pick-up place').selectOption('gangnamStation')
    await phone.getByLabel('Drop-off place').selectOption('jamsil')
    await expect.poll(() => phone.getByTestId('ride-estimate').textContent()).toMatch(/^Estimated fare/)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await screenshot(phone, 'rides-mobile')
    problems.push(...(await accessibilityProblems(phone, 'request at 375 px')))
    expect(problems).toEqual([])
  })

  it('keeps looking farther while nobody accepts, and lets the rider cancel', async () => {
    const page = await (await harness.newContext({ expectedConsoleErrors: [TILE_PROBE] })).newPage()
    await signUpThroughUi(page, newPerson('alone'))
    await requestRide(page, 'jamsil', 'gangnamStation')
    await page.getByText('Still looking: the search now covers 6.0 km around you.').waitFor()
    await page.getByText('Still looking, as far as 12.0 km around you. You may cancel and try again later.').waitFor()

    await page.getByRole('button', { name: 'Cancel the ride' }).click()
    await heading(page, 'This trip was cancelled').waitFor()
    await page.getByRole('button', { name: 'Request another ride' }).click()
    await heading(page, 'Where to?').waitFor()
    expect(await page.getByTestId('ride-pick-hint').textContent()).toBe(
      'Click the map to set your pick-up, or choose a place below.',
    )

    // A click on the map sets the pick-up, the next one the drop-off.
    const map = page.getByTestId('ride-map')
    await map.click({ position: { x: 120, y: 120 } })
    await page.getByTestId('map-marker-pickUp').waitFor()
    expect(await page.getByTestId('ride-pickUp-coords').textContent()).toMatch(/^On the map at 37\.\d+, 12[67]\.\d+$/)
    await map.click({ position: { x: 260, y: 260 } })
    await page.getByTestId('map-marker-dropOff').waitFor()
    await expect.poll(() => page.getByTestId('ride-estimate').textContent()).toMatch(/^Estimated fare/)

    // Without a mouse: pan the map with the arrow keys, then set the drop-off at its centre.
    const before = await page.getByTestId('ride-dropOff-coords').textContent()
    await map.focus()
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight')
    await page.getByRole('button', { name: 'Set the drop-off at the map centre' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('ride-dropOff-coords').textContent()).not.toBe(before)
  })

  it('takes a trip off the other drivers: live from their lists, or with a message to one who was too late', async () => {
    // The watcher shares the browser's own location (near Gwanghwamun), the others a simulated one.
    const drivers = { winner: 'cityHall', watcher: 'device', late: 'seoulStation' } as const
    const pages: Record<keyof typeof drivers, Page> = {} as Record<keyof typeof drivers, Page>
    for (const [role, start] of Object.entries(drivers) as Array<[keyof typeof drivers, string]>) {
      const expected = [TILE_PROBE]
      if (role === 'late') {
        expected.push({
          pattern: /409 \(Conflict\) \(.*\/accept\)$/,
          reason: 'the late driver accepts a trip another driver took: 409 rides.trip_taken',
        })
      }
      const context = await harness.newContext({ expectedConsoleErrors: expected })
      if (start === 'device') {
        await context.grantPermissions(['geolocation'], { origin: harness.baseUrl })
        await context.setGeolocation({ latitude: 37.5759, longitude: 126.9768, accuracy: 10 })
      }
      const page = await context.newPage()
      if (role === 'late') {
        // This driver never hears that the trip was taken, so their click reaches the server late.
        await page.routeWebSocket(/\/ws$/, (ws) => {
          const server = ws.connectToServer()
          server.onMessage((message) => {
            if (typeof message === 'string' && message.includes('"rides.offer_revoked"')) return
            ws.send(message)
          })
        })
      }
      await signUpThroughUi(page, newPerson(role))
      await goOnlineAsDriver(page, start)
      if (start === 'device') {
        expect(await page.getByTestId('ride-my-position').textContent()).toBe('You are at 37.57590, 126.97680')
      }
      pages[role] = page
    }

    const rider = await (await harness.newContext({ expectedConsoleErrors: [TILE_PROBE] })).newPage()
    await signUpThroughUi(rider, newPerson('racer'))
    await requestRide(rider, 'seoulStation', 'hongikUniv')

    const offerOn = (page: Page) =>
      page.getByTestId('ride-offer').filter({ hasText: 'Seoul Station → Hongik Univ. Station' })
    for (const page of Object.values(pages)) await offerOn(page).waitFor()

    await offerOn(pages.winner).getByRole('button', { name: 'Accept: drive to pick-up' }).click()
    await heading(pages.winner, 'Drive to the pick-up: Seoul Station').waitFor()
    await offerOn(pages.watcher).waitFor({ state: 'detached' })

    await offerOn(pages.late).getByRole('button', { name: 'Accept: drive to pick-up' }).click()
    await pages.late.getByRole('alert').getByText('Another driver accepted this trip first.').waitFor()
    await offerOn(pages.late).waitFor({ state: 'detached' })
    await heading(rider, /is on the way to pick you up$/).waitFor()

    // The winner gives the trip back: the rider is looking again and the others are offered it again.
    await pages.winner.getByRole('button', { name: 'Withdraw from the trip' }).click()
    await heading(pages.winner, 'Requested trips nearby').waitFor()
    await heading(rider, 'Looking for a driver…').waitFor()
    await offerOn(pages.watcher).waitFor()
  })
})
