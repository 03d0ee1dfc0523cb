import { FEEDBACK_SCREENSHOT_MAX_BYTES } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { changeLanguage, i18n } from '../../lib/i18n.ts'
import { FeedbackForm } from './FeedbackForm.tsx'
import { checkScreenshot } from './screenshot-file.ts'

function renderForm() {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } })
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <FeedbackForm />
      </QueryClientProvider>
    </I18nextProvider>,
  )
}

function pick(file: File) {
  // fireEvent, not userEvent.upload: the input's `accept` must not filter the file before our check.
  fireEvent.change(screen.getByLabelText(/Screenshot|스크린샷/), { target: { files: [file] } })
}

const png = (bytes: number, name = 'shot.png') => new File([new Uint8Array(bytes)], name, { type: 'image/png' })

describe('checkScreenshot', () => {
  it('accepts the image types the server takes up to exactly 5 MB', () => {
    expect(checkScreenshot({ type: 'image/webp', size: FEEDBACK_SCREENSHOT_MAX_BYTES })).toBeNull()
    expect(checkScreenshot({ type: 'image/png', size: FEEDBACK_SCREENSHOT_MAX_BYTES + 1 })).toBe(
      'feedback.screenshot_too_large',
    )
    expect(checkScreenshot({ type: 'image/svg+xml', size: 10 })).toBe('feedback.unsupported_image')
    expect(checkScreenshot({ type: '', size: 10 })).toBe('feedback.unsupported_image')
  })
})

describe('FeedbackForm screenshot', () => {
  const fetchMock = vi.fn<typeof fetch>()
  let revoke: ReturnType<typeof vi.spyOn>
  beforeEach(async () => {
    await changeLanguage('en')
    vi.stubGlobal('fetch', fetchMock)
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview-1')
    revoke = vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    fetchMock.mockReset()
  })

  it('refuses a file over 5 MB at the field, without a preview', () => {
    renderForm()
    pick(png(FEEDBACK_SCREENSHOT_MAX_BYTES + 1))
    expect(screen.getByTestId('screenshot-error').textContent).toBe(
      'The screenshot is too large: it may be at most 5 MB.',
    )
    expect(screen.queryByRole('img')).toBeNull()
    expect(screen.getByLabelText(/Screenshot/).getAttribute('aria-invalid')).toBe('true')
  })

  it('refuses a file that is not an image, in the UI language', async () => {
    await changeLanguage('ko')
    renderForm()
    pick(new File(['hello'], 'notes.txt', { type: 'text/plain' }))
    expect(screen.getByTestId('screenshot-error').textContent).toBe(
      '스크린샷은 PNG, JPEG, WebP, GIF 이미지여야 합니다.',
    )
  })

  it('previews an accepted image and sends it as a multipart form', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          id: '00000000-0000-4000-8000-000000000001',
          authorId: '00000000-0000-4000-8000-000000000002',
          category: 'bug',
          title: 'Crash',
          description: 'It crashed',
          status: 'pending',
          screenshot: { contentType: 'image/png', size: 10, url: '/x' },
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
        }),
        { status: 201, headers: { 'content-type': 'application/json' } },
      ),
    )
    const user = userEvent.setup()
    renderForm()
    pick(png(10))
    expect(screen.getByRole<HTMLImageElement>('img', { name: 'Preview of the chosen screenshot' }).src).toBe(
      'blob:preview-1',
    )
    await user.selectOptions(screen.getByLabelText('What is it about?'), 'bug')
    await user.type(screen.getByLabelText('Title'), 'Crash')
    await user.type(screen.getByLabelText('Message'), 'It crashed')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await screen.findByTestId('feedback-sent')
    const body = fetchMock.mock.calls[0]?.[1]?.body
    expect(body).toBeInstanceOf(FormData)
    const form = body as FormData
    expect(form.get('category')).toBe('bug')
    expect(form.get('title')).toBe('Crash')
    expect((form.get('screenshot') as File).name).toBe('shot.png')
    // Sent: the form is empty again and the preview released.
    await waitFor(() => expect(screen.queryByRole('img')).toBeNull())
    expect(revoke).toHaveBeenCalledWith('blob:preview-1')
  })

  it('removes the chosen screenshot and gives the focus to the file input', async () => {
    const user = userEvent.setup()
    renderForm()
    pick(png(10))
    await user.click(screen.getByRole('button', { name: 'Remove screenshot' }))
    expect(screen.queryByRole('img')).toBeNull()
    expect(document.activeElement).toBe(screen.getByLabelText('Screenshot (optional)'))
  })

  it('shows the server refusing the image content at the screenshot field', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'Unsupported image',
          status: 400,
          detail: 'x',
          code: 'feedback.unsupported_image',
          requestId: 'r1',
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      ),
    )
    const user = userEvent.setup()
    renderForm()
    pick(png(10, 'fake.png'))
    await user.type(screen.getByLabelText('Title'), 'Fake')
    await user.type(screen.getByLabelText('Message'), 'Not really a PNG')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    expect((await screen.findByTestId('screenshot-error')).textContent).toBe(
      'The screenshot must be a PNG, JPEG, WebP or GIF image.',
    )
    expect(screen.queryByTestId('form-error')).toBeNull()
  })
})
