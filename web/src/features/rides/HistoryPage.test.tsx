import type { Trip, TripPage } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { HistoryPage } from './HistoryPage.tsx'

function trip(n: number, status: Trip['status'] = 'COMPLETED'): Trip {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    status,
    pickUp: { address: `From ${n}`, lat: 37.55, lng: 126.97 },
    dropOff: { address: `To ${n}`, lat: 37.5, lng: 127.02 },
    rider: { id: '0b7c1f3e-9a5d-4c1b-8f2e-3d4a5b6c7d8e', displayName: 'Mina' },
    driver: { id: '1c8d2e4f-0b6e-4d2c-9a3f-4e5b6c7d8e9f', displayName: 'Joon', vehicle: 'K5', plate: '34나 5678' },
    estimate: { distanceKm: 8.9, fare: { amount: 13700, currency: 'KRW' } },
    rating: n === 1 ? 5 : null,
    searchRadiusKm: 3,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:30:00.000Z',
    acceptedAt: null,
    pickedUpAt: null,
    completedAt: null,
    cancelledAt: null,
  }
}

const page = (items: Trip[], nextCursor: string | null): Response =>
  new Response(JSON.stringify({ items, nextCursor } satisfies TripPage), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })

describe('HistoryPage', () => {
  const fetchMock = vi.fn<typeof fetch>()
  beforeEach(async () => {
    await changeLanguage('en')
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
  })

  it('pages through my trips with the cursor and switches to the trips I drove', async () => {
    fetchMock.mockImplementation((input) => {
      const url = input instanceof URL ? input : new URL(typeof input === 'string' ? input : input.url)
      const role = url.searchParams.get('role')
      const cursor = url.searchParams.get('cursor')
      if (role === 'driver') return Promise.resolve(page([trip(4, 'CANCELLED')], null))
      return Promise.resolve(cursor === 'c2' ? page([trip(3)], null) : page([trip(1), trip(2)], 'c2'))
    })
    render(
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <MemoryRouter>
            <HistoryPage />
          </MemoryRouter>
        </QueryClientProvider>
      </I18nextProvider>,
    )
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
})
