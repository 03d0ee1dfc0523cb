import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../lib/i18n.ts'
import { BreakdownReview } from './BreakdownReview.tsx'
import { aSubtodo } from './test-data.ts'

const PROPOSALS = [
  { content: 'Gather the receipts', estimatedMinutes: 30 },
  { content: 'Fill in the form', estimatedMinutes: 60 },
  { content: 'Check the totals', estimatedMinutes: 20 },
  { content: 'Submit online', estimatedMinutes: 15 },
]

interface SentRequest {
  url: string
  method: string
  body: unknown
}

/** Answers every request like POST /todos/:id/subtodos does, and remembers what was sent. */
function stubServer(): SentRequest[] {
  const sent: SentRequest[] = []
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : null
    sent.push({ url: String(input), method: init.method ?? 'GET', body })
    const items = ((body as { items?: Array<{ content: string }> } | null)?.items ?? []).map((item, index) =>
      aSubtodo({ id: `s${index}`, content: item.content, rank: `a${index}` }),
    )
    return new Response(JSON.stringify({ items }), { status: 201, headers: { 'content-type': 'application/json' } })
  })
  return sent
}

function renderReview() {
  const onDone = vi.fn<() => void>()
  void i18n.changeLanguage('en')
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={new QueryClient()}>
        <BreakdownReview todoId="todo-1" proposals={PROPOSALS} onDone={onDone} />
      </QueryClientProvider>
    </I18nextProvider>,
  )
  return { onDone }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('BreakdownReview', () => {
  it('adds exactly the two chosen proposals, in the proposed order', async () => {
    const sent = stubServer()
    const user = userEvent.setup()
    const { onDone } = renderReview()
    await user.click(screen.getByRole('checkbox', { name: /Submit online/ }))
    await user.click(screen.getByRole('checkbox', { name: /Fill in the form/ }))
    await user.click(screen.getByRole('button', { name: 'Add 2 steps' }))
    await waitFor(() => expect(onDone).toHaveBeenCalled())
    expect(sent).toHaveLength(1)
    expect(sent[0]?.method).toBe('POST')
    expect(new URL(sent[0]?.url ?? '').pathname).toBe('/api/planner/todos/todo-1/subtodos')
    expect(sent[0]?.body).toEqual({ items: [{ content: 'Fill in the form' }, { content: 'Submit online' }] })
  })

  it('starts with nothing chosen and cannot add nothing', async () => {
    const sent = stubServer()
    const user = userEvent.setup()
    renderReview()
    expect(screen.getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked)).toHaveLength(0)
    const add = screen.getByRole('button', { name: 'Choose steps to add' })
    expect(add.getAttribute('aria-disabled')).toBe('true')
    await user.click(add)
    expect(sent).toHaveLength(0)
  })

  it('chooses all proposals at once, and none again', async () => {
    const user = userEvent.setup()
    renderReview()
    await user.click(screen.getByRole('button', { name: 'Select all' }))
    expect(screen.getByRole('button', { name: 'Add 4 steps' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Clear selection' }))
    expect(screen.getByRole('button', { name: 'Choose steps to add' })).toBeTruthy()
  })
})
