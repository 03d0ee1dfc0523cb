import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TODAY_CHECK_MS, useToday } from './use-today.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('useToday', () => {
  it('moves to the next day at midnight in the user’s time zone while the page stays open', () => {
    vi.useFakeTimers()
    // 23:59:50 on 23 November in Seoul (UTC+9).
    vi.setSystemTime(new Date('2026-11-23T14:59:50Z'))
    const { result } = renderHook(() => useToday('Asia/Seoul'))
    expect(result.current).toBe('2026-11-23')
    act(() => {
      vi.advanceTimersByTime(TODAY_CHECK_MS)
    })
    expect(result.current).toBe('2026-11-24')
  })

  it('follows a change of time zone at once', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-23T20:00:00Z'))
    const { result, rerender } = renderHook(({ zone }) => useToday(zone), { initialProps: { zone: 'Asia/Seoul' } })
    expect(result.current).toBe('2026-11-24')
    rerender({ zone: 'America/New_York' })
    expect(result.current).toBe('2026-11-23')
  })
})
