import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '../../lib/i18n.ts'
import { WeekStrip } from './WeekStrip.tsx'

function renderStrip(props: { selected: string; today: string; openCounts?: Record<string, number> }) {
  const onSelect = vi.fn<(date: string) => void>()
  void i18n.changeLanguage('en')
  render(
    <I18nextProvider i18n={i18n}>
      <WeekStrip {...props} onSelect={onSelect} />
    </I18nextProvider>,
  )
  return { onSelect }
}

function dayButtons(): HTMLElement[] {
  return screen.getAllByRole('button').filter((button) => button.classList.contains('week-day'))
}

describe('WeekStrip', () => {
  it('shows Monday to Sunday of the selected week, the selected day pressed and today marked', () => {
    renderStrip({ selected: '2026-11-26', today: '2026-11-24' })
    const days = dayButtons()
    expect(days.map((day) => day.getAttribute('aria-label')?.split(', ')[1])).toEqual([
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ])
    expect(days.map((day) => day.textContent?.replace(/\D/g, ''))).toEqual(['23', '24', '25', '26', '27', '28', '29'])
    expect(days.filter((day) => day.getAttribute('aria-pressed') === 'true').map((day) => day.textContent)).toEqual([
      'Thu 26',
    ])
    expect(days.filter((day) => day.getAttribute('aria-current') === 'date').map((day) => day.textContent)).toEqual([
      'Tue 24',
    ])
  })

  it('starts the week on Monday when the selected day is a Sunday', () => {
    renderStrip({ selected: '2026-11-29', today: '2026-11-29' })
    expect(dayButtons()[0]?.getAttribute('aria-label')).toMatch(/^Mon 23, Monday, November 23/)
  })

  it('selects a day, and moves a whole week back and forth', async () => {
    const user = userEvent.setup()
    const { onSelect } = renderStrip({ selected: '2026-11-26', today: '2026-11-26' })
    await user.click(screen.getByRole('button', { name: /^Sat 28, Saturday, November 28/ }))
    await user.click(screen.getByRole('button', { name: 'Previous week' }))
    await user.click(screen.getByRole('button', { name: 'Next week' }))
    expect(onSelect.mock.calls).toEqual([['2026-11-28'], ['2026-11-19'], ['2026-12-03']])
  })

  it('offers the way back to today only on another week', async () => {
    const user = userEvent.setup()
    const { onSelect } = renderStrip({ selected: '2026-12-08', today: '2026-11-26' })
    await user.click(screen.getByRole('button', { name: 'Today' }))
    expect(onSelect).toHaveBeenCalledWith('2026-11-26')
  })

  it('tells how many todos are still open on a day', () => {
    renderStrip({ selected: '2026-11-26', today: '2026-11-26', openCounts: { '2026-11-25': 3 } })
    expect(screen.getByRole('button', { name: 'Wed 25, Wednesday, November 25, 3 open todos' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Today' })).toBeNull()
  })
})
