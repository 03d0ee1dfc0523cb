import type { Trip } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { RatingForm } from './RatingForm.tsx'

const trip: Trip = {
  id: '6f1c2a52-1f7e-4d59-9a1e-5b7b2c1f0a11',
  status: 'COMPLETED',
  pickUp: { address: 'Seoul Station', lat: 37.5547, lng: 126.9707 },
  dropOff: { address: 'Gangnam Station', lat: 37.4979, lng: 127.0276 },
  rider: { id: '0b7c1f3e-9a5d-4c1b-8f2e-3d4a5b6c7d8e', displayName: 'Rider' },
  driver: { id: '1c8d2e4f-0b6e-4d2c-9a3f-4e5b6c7d8e9f', displayName: 'Driver', vehicle: 'Sonata', plate: '12가 3456' },
  estimate: { distanceKm: 8.9, fare: { amount: 13700, currency: 'KRW' } },
  rating: null,
  searchRadiusKm: 3,
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:30:00.000Z',
  acceptedAt: '2026-11-23T09:01:00.000Z',
  pickedUpAt: '2026-11-23T09:05:00.000Z',
  completedAt: '2026-11-23T09:30:00.000Z',
  cancelledAt: null,
}

function renderForm(shown: Trip) {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } })
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RatingForm trip={shown} />
      </QueryClientProvider>
    </I18nextProvider>,
  )
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('RatingForm', () => {
  const fetchMock = vi.fn<typeof fetch>()
  beforeEach(async () => {
    await changeLanguage('en')
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
  })

  it('offers five labelled stars as one radio group and sends the chosen rating', async () => {
    fetchMock.mockResolvedValue(json(200, { ...trip, rating: 4 }))
    renderForm(trip)
    const group = screen.getByRole('group', { name: 'How was your trip?' })
    expect(group).toBeTruthy()
    const stars = screen.getAllByRole('radio')
    expect(stars.map((star) => star.getAttribute('aria-label'))).toEqual([
      '1 star',
      '2 stars',
      '3 stars',
      '4 stars',
      '5 stars',
    ])
    const send = screen.getByRole('button', { name: 'Send rating' })
    expect((send as HTMLButtonElement).disabled).toBe(true)
    await userEvent.click(screen.getByRole('radio', { name: '4 stars' }))
    await userEvent.click(send)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url instanceof URL ? url.pathname : url).toBe('/api/rides/trips/6f1c2a52-1f7e-4d59-9a1e-5b7b2c1f0a11/rating')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(typeof init?.body === 'string' ? init.body : 'null')).toEqual({ rating: 4 })
  })

  it('shows the localized error when the trip was already rated', async () => {
    fetchMock.mockResolvedValue(
      json(409, { code: 'rides.already_rated', title: 'Already rated', status: 409, detail: 'x' }),
    )
    renderForm(trip)
    await userEvent.click(screen.getByRole('radio', { name: '5 stars' }))
    await userEvent.click(screen.getByRole('button', { name: 'Send rating' }))
    expect((await screen.findByRole('alert')).textContent).toBe('You have already rated this trip.')
  })

  it('shows a rated trip as text, in Korean too', async () => {
    await changeLanguage('ko')
    renderForm({ ...trip, rating: 5 })
    expect(screen.queryByRole('radio')).toBeNull()
    expect(screen.getByTestId('ride-rated').textContent).toBe('이 운행에 별 5개를 주셨습니다. 감사합니다!')
  })
})
