import type { Trip, TripPage } from '@madang/contracts'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { setSession } from '../../lib/session.ts'
import { testTokens, testUser } from '../../test/fixtures.ts'
import { HistoryPage } from './HistoryPage.tsx'
import { aTrip, jsonResponse, renderRides, stubFetchEachTest } from './test-data.tsx'

function trip(n: number, status: Trip['status'] = 'COMPLETED'): Trip {
  return aTrip({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    status,
    pickUp: { address: `From ${n}`, lat: 37.55, lng: 126.97 },
    dropOff: { address: `To ${n}`, lat: 37.5, lng: 127.02 },
    rating: n === 1 ? 5 : null,
  })
}

const page = (items: Trip[], nextCursor: string | null): Response =>
  jsonResponse({ items, nextCursor } satisfies TripPage)

describe('HistoryPage', () => {
  const fetchMock = stubFetchEachTest()
  beforeEach(() => setSession({ user: testUser(), tokens: testTokens('history') }))

  it('pages through my trips with the cursor and switches to the trips I drove', async () => {
    fetchMock.mockImplementation((input) => {
      const url = input instanceof URL ? input : new URL(typeof input === 'string' ? input : input.url)
      const role = url.searchParams.get('role')
      const cursor = url.searchParams.get('cursor')
      if (role === 'driver') return Promise.resolve(page([trip(4, 'CANCELLED')], null))
      return Promise.resolve(cursor === 'c2' ? page([trip(3)], null) : page([trip(1), trip(2)], 'c2'))
    })
    renderRides(<HistoryPage />)
    const first = await screen.findByRole('link', { name: /From 1 → To 1/ })
    expect(first.getAttribute('href')).toBe('/rides/trips/00000000-0000-4000-8000-000000000001')
    expect(first.textContent).toMatch(/Completed.*driver Joon · Rated 5 stars/)
    expect(screen.getAllByRole('link')).toHaveLength(2)

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }))
    await screen.findByRole('link', { name: /From 3 → To 3/ })
    expect(screen.getAllByRole('link')).toHaveLength(3)
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()

    await userEvent.click(screen.getByRole('button', { name: 'As driver' }))
    const driven = await screen.findByRole('link', { name: /From 4 → To 4/ })
    expect(driven.textContent).toMatch(/Cancelled.*rider Mina/)
    expect(screen.getByRole('button', { name: 'As driver' }).getAttribute('aria-pressed')).toBe('true')
  })

  it('tells when each trip was requested in the user’s time zone', async () => {
    fetchMock.mockResolvedValue(page([trip(1)], null))
    renderRides(<HistoryPage />)
    const first = await screen.findByRole('link', { name: /From 1 → To 1/ })
    // 09:00 UTC is 18:00 in Seoul, the test user's zone.
    expect(first.querySelector('time')?.textContent).toMatch(/^Nov 23, 2026, 6:00\sPM$/)
  })
})
