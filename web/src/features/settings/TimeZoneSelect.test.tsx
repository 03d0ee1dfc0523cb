import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { filterTimeZones, toOptions } from './time-zones.ts'
import { TimeZoneSelect } from './TimeZoneSelect.tsx'

const ZONES = ['America/New_York', 'America/Sao_Paulo', 'Asia/Seoul', 'Asia/Tokyo', 'Europe/Berlin', 'UTC']
const JANUARY = new Date('2026-01-15T12:00:00Z')

function Harness({ initial = 'Asia/Seoul' }: { initial?: string }) {
  const [zone, setZone] = useState(initial)
  return (
    <I18nextProvider i18n={i18n}>
      <TimeZoneSelect value={zone} onChange={setZone} zones={ZONES} />
      <output data-testid="chosen">{zone}</output>
    </I18nextProvider>
  )
}

function optionTexts(): string[] {
  return screen.getAllByRole('option').map((option) => option.textContent ?? '')
}

describe('filterTimeZones', () => {
  const options = toOptions(ZONES, JANUARY)

  it('keeps every zone for an empty or blank query', () => {
    expect(filterTimeZones(options, '   ').map((o) => o.id)).toEqual(ZONES)
  })

  it('matches city names ignoring case, underscores and slashes', () => {
    expect(filterTimeZones(options, 'new york').map((o) => o.id)).toEqual(['America/New_York'])
    expect(filterTimeZones(options, 'ASIA').map((o) => o.id)).toEqual(['Asia/Seoul', 'Asia/Tokyo'])
  })

  it('needs every word to match, in the name or the offset', () => {
    expect(filterTimeZones(options, 'asia gmt+9').map((o) => o.id)).toEqual(['Asia/Seoul', 'Asia/Tokyo'])
    expect(filterTimeZones(options, 'gmt-5').map((o) => o.id)).toEqual(['America/New_York'])
    expect(filterTimeZones(options, 'asia berlin')).toEqual([])
  })
})

describe('TimeZoneSelect', () => {
  it('shows all zones with the current one selected, then narrows the list as one types', async () => {
    await changeLanguage('en')
    const user = userEvent.setup()
    render(<Harness />)
    const list = screen.getByLabelText<HTMLSelectElement>('Time zone')
    expect(list.value).toBe('Asia/Seoul')
    expect(optionTexts()).toHaveLength(ZONES.length)
    expect(screen.getByText(/Selected: Asia \/ Seoul \(GMT\+9\)/)).toBeTruthy()

    await user.type(screen.getByLabelText('Search time zones'), 'america')
    expect(optionTexts()).toEqual(['America / New York (GMT-5)', 'America / Sao Paulo (GMT-3)'])
    expect(screen.getByText(/2 time zones match/)).toBeTruthy()

    await user.selectOptions(list, 'America/Sao_Paulo')
    expect(screen.getByTestId('chosen').textContent).toBe('America/Sao_Paulo')
  })

  it('offers the saved zone, selected, even when the list lacks it (an old alias)', async () => {
    await changeLanguage('en')
    render(<Harness initial="Asia/Calcutta" />)
    const list = screen.getByLabelText<HTMLSelectElement>('Time zone')
    expect(list.value).toBe('Asia/Calcutta')
    expect(optionTexts()).toHaveLength(ZONES.length + 1)
    expect(optionTexts()[2]).toBe('Asia / Calcutta (GMT+5:30)')
  })

  it('says so when nothing matches', async () => {
    await changeLanguage('en')
    const user = userEvent.setup()
    render(<Harness />)
    await user.type(screen.getByLabelText('Search time zones'), 'atlantis')
    expect(screen.queryAllByRole('option')).toHaveLength(0)
    expect(screen.getByText(/No time zone matches/)).toBeTruthy()
  })
})
