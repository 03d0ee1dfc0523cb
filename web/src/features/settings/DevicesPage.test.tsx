import type { Device } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useSession } from '../../app/session-hooks.ts'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { getSession, setSession } from '../../lib/session.ts'
import { DevicesPage } from './DevicesPage.tsx'
import { testUser } from '../../test/fixtures.ts'

const USER = testUser()

function device(id: string, name: string, isCurrent: boolean): Device {
  return {
    id,
    deviceName: name,
    platform: 'web',
    userAgent: null,
    ipAddress: null,
    isCurrent,
    createdAt: '2026-03-01T00:00:00Z',
    // 09:30 in Seoul.
    lastUsedAt: '2026-03-02T00:30:00Z',
    expiresAt: '2026-04-01T00:00:00Z',
  }
}

/** As RequireAuth does: the page only while signed in. */
function SignedInOnly() {
  return useSession() === null ? <p>Signed out</p> : <DevicesPage />
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('DevicesPage', () => {
  const fetchMock = vi.fn<typeof fetch>()
  beforeEach(async () => {
    await changeLanguage('en')
    vi.stubGlobal('fetch', fetchMock)
    setSession({
      user: USER,
      tokens: {
        tokenType: 'Bearer',
        accessToken: 'token',
        accessTokenExpiresAt: '2999-01-01T00:00:00Z',
        refreshToken: 'refresh',
        refreshTokenExpiresAt: '2999-01-01T00:00:00Z',
        sessionId: '00000000-0000-4000-8000-0000000000aa',
      },
    })
    fetchMock.mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input)
      if (init?.method === 'DELETE') return new Response(null, { status: 204 })
      if (url.pathname === '/api/accounts/devices') {
        return json({ items: [device('d1', 'Phone', false), device('d2', 'Laptop', true)] })
      }
      return json({ code: 'http.not_found' }, 404)
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
  })

  function renderPage() {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    return render(
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <SignedInOnly />
        </QueryClientProvider>
      </I18nextProvider>,
    )
  }

  it('marks this device and shows when each was last used in the user’s time zone', async () => {
    renderPage()
    const items = await screen.findAllByTestId('device')
    expect(items).toHaveLength(2)
    expect(within(items[1]!).getByText('This device')).toBeTruthy()
    expect(within(items[0]!).queryByText('This device')).toBeNull()
    expect(items[0]!.textContent).toContain('Last used Mar 2, 2026, 9:30 AM')
  })

  it('signs another device out only after confirming, and this one stays signed in', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Sign out Phone' }))
    const dialog = screen.getByRole('dialog', { hidden: true })
    expect(within(dialog).getByText(/Phone will be signed out/)).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel', hidden: true }))
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false)

    await user.click(screen.getByRole('button', { name: 'Sign out Phone' }))
    await user.click(within(dialog).getByRole('button', { name: 'Sign out', hidden: true }))
    await vi.waitFor(() => {
      const deleted = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE')
      expect(deleted?.[0]).toBeInstanceOf(URL)
      expect((deleted?.[0] as URL).pathname).toBe('/api/accounts/devices/d1')
    })
    expect(getSession()).not.toBeNull()
    // Not lost with the signed-out device's button: the list of devices has the focus.
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('class')).toBe('device-list'))
  })

  it('ends the session here when this device is the one signed out', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Sign out Laptop' }))
    const dialog = screen.getByRole('dialog', { hidden: true })
    expect(within(dialog).getByText(/you will be signed out here now/)).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Sign out', hidden: true }))
    await screen.findByText('Signed out')
    expect(getSession()).toBeNull()
  })
})
