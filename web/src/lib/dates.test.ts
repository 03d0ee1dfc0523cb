import { describe, expect, it } from 'vitest'
import { addDays, formatDate, formatTime, todayIn, weekOf } from './dates.ts'

describe('calendar dates in the user time zone', () => {
  it("tells today's date where the user is, not where the clock is", () => {
    const instant = new Date('2026-11-23T20:30:00Z')
    expect(todayIn('Asia/Seoul', instant)).toBe('2026-11-24')
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-11-23')
  })

  it.each([
    ['2026-11-23', 1, '2026-11-24'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-29', 7, '2026-04-05'],
  ])('adds days to %s (+%i → %s) by the calendar', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('gives the Monday-to-Sunday week of a date', () => {
    expect(weekOf('2026-11-26')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ])
    expect(weekOf('2026-11-29')[0]).toBe('2026-11-23')
  })

  it('writes a due time as the language does', () => {
    expect(formatTime('14:30', 'en')).toBe('2:30 PM')
    expect(formatTime('09:05', 'ko')).toBe('오전 9:05')
  })

  it('formats a calendar date in the chosen language without shifting the day', () => {
    expect(formatDate('2026-11-23', 'en', { weekday: 'short', day: 'numeric' })).toBe('23 Mon')
    expect(formatDate('2026-11-23', 'ko', { month: 'long', day: 'numeric' })).toBe('11월 23일')
  })
})
