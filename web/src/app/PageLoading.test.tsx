import { act, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../lib/i18n.ts'
import { PageLoading } from './PageLoading.tsx'

afterEach(() => {
  vi.useRealTimers()
})

describe('PageLoading', () => {
  it('shows and announces nothing while a page loads quickly, then "Loading…" in its status region', async () => {
    vi.useFakeTimers()
    await i18n.changeLanguage('en')
    render(
      <I18nextProvider i18n={i18n}>
        <PageLoading />
      </I18nextProvider>,
    )
    const status = screen.getByRole('status')
    expect(status.textContent).toBe('')
    act(() => {
      vi.advanceTimersByTime(200)
    })
    expect(status.textContent).toBe('')
    act(() => {
      vi.advanceTimersByTime(1_000)
    })
    expect(status.textContent).toBe('Loading…')
  })
})
