import type { Trip } from '@madang/contracts'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { changeLanguage } from '../../lib/i18n.ts'
import { RatingForm } from './RatingForm.tsx'
import { aTrip, jsonResponse, renderRides, stubFetchEachTest } from './test-data.tsx'

const trip = aTrip({ id: '6f1c2a52-1f7e-4d59-9a1e-5b7b2c1f0a11' })

const renderForm = (shown: Trip) => renderRides(<RatingForm trip={shown} />)

describe('RatingForm', () => {
  const fetchMock = stubFetchEachTest()

  it('offers five labelled stars as one radio group and sends the chosen rating', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ ...trip, rating: 4 }))
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
    expect(send.getAttribute('aria-disabled')).toBe('true')
    // Without a rating, pressing it sends nothing.
    await userEvent.click(send)
    expect(fetchMock).not.toHaveBeenCalled()
    await userEvent.click(screen.getByRole('radio', { name: '4 stars' }))
    expect(send.hasAttribute('aria-disabled')).toBe(false)
    await userEvent.click(send)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url instanceof URL ? url.pathname : url).toBe('/api/rides/trips/6f1c2a52-1f7e-4d59-9a1e-5b7b2c1f0a11/rating')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(typeof init?.body === 'string' ? init.body : 'null')).toEqual({ rating: 4 })
  })

  it('shows the localized error when the trip was already rated', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse({ code: 'rides.already_rated', title: 'Already rated', status: 409, detail: 'x' }, 409),
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
