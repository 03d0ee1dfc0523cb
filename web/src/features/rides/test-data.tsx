import type { Trip } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, vi, type Mock } from 'vitest'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { TEST_USER_ID, testUser } from '../../test/fixtures.ts'

/** Rides objects and rendering for the rides component tests. */

/** A completed, unrated trip from Seoul Station to Gangnam Station: the test user rode, Joon drove. */
export function aTrip(overrides: Partial<Trip> = {}): Trip {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    status: 'COMPLETED',
    pickUp: { address: 'Seoul Station', lat: 37.5547, lng: 126.9707 },
    dropOff: { address: 'Gangnam Station', lat: 37.4979, lng: 127.0276 },
    rider: { id: TEST_USER_ID, displayName: testUser().displayName },
    driver: { id: '1c8d2e4f-0b6e-4d2c-9a3f-4e5b6c7d8e9f', displayName: 'Joon', vehicle: 'K5', plate: '34나 5678' },
    estimate: { distanceKm: 8.9, fare: { amount: 13700, currency: 'KRW' } },
    rating: null,
    searchRadiusKm: 3,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:30:00.000Z',
    acceptedAt: '2026-11-23T09:01:00.000Z',
    pickedUpAt: '2026-11-23T09:05:00.000Z',
    completedAt: '2026-11-23T09:30:00.000Z',
    cancelledAt: null,
    ...overrides,
  }
}

export const jsonResponse = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** For each test of the calling block: English, and `fetch` replaced by the returned mock. */
export function stubFetchEachTest(): Mock<typeof fetch> {
  const fetchMock = vi.fn<typeof fetch>()
  beforeEach(async () => {
    await changeLanguage('en')
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
  })
  return fetchMock
}

/** Renders a rides component with what the app gives it: translations, a query client (no retries), a router. */
export function renderRides(ui: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter>{ui}</MemoryRouter>
      </QueryClientProvider>
    </I18nextProvider>,
  )
}
