import type { Category } from '@madang/contracts'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useMoveCategory } from './mutations.ts'
import { plannerKeys, useCategories } from './queries.ts'
import { aCategory } from './test-data.ts'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** A fetch whose one answer the test gives when it likes; what was sent is kept. */
function stubServer() {
  const sent: Array<{ url: string; body: unknown }> = []
  let answer: (response: Response) => void = () => undefined
  vi.stubGlobal('fetch', (input: URL | string, init: RequestInit = {}) => {
    sent.push({ url: String(input), body: typeof init.body === 'string' ? JSON.parse(init.body) : null })
    return new Promise<Response>((resolve) => {
      answer = resolve
    })
  })
  return { sent, answer: (response: Response) => answer(response) }
}

function renderMoveCategory(categories: Category[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(plannerKeys.categories(), categories)
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  )
  // The page's own list is on screen too: it is what a failure asks for again.
  const { result } = renderHook(
    () => {
      useCategories()
      return useMoveCategory()
    },
    { wrapper },
  )
  const titles = () => client.getQueryData<Category[]>(plannerKeys.categories())?.map((category) => category.title)
  return { result, titles }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('useMoveCategory', () => {
  const work = aCategory({ id: 'c1', title: 'Work', rank: 'a0' })
  const home = aCategory({ id: 'c2', title: 'Home', rank: 'a1' })
  const study = aCategory({ id: 'c3', title: 'Study', rank: 'a2' })

  it('shows a moved category in its new place before the server answers, then keeps the server’s rank', async () => {
    const server = stubServer()
    const { result, titles } = renderMoveCategory([work, home, study])
    act(() => result.current.mutate({ item: study, after: null, before: work }))
    await waitFor(() => expect(titles()).toEqual(['Study', 'Work', 'Home']))
    expect(new URL(server.sent[0]?.url ?? '').pathname).toBe('/api/planner/categories/c3/move')
    expect(server.sent[0]?.body).toEqual({ before: 'c1' })

    server.answer(json({ ...study, rank: 'Z', updatedAt: '2026-11-21T00:00:00.000Z' }))
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(titles()).toEqual(['Study', 'Work', 'Home'])
  })

  it('asks for the categories again when the move fails', async () => {
    const server = stubServer()
    const { result, titles } = renderMoveCategory([work, home, study])
    act(() => result.current.mutate({ item: study, after: null, before: work }))
    await waitFor(() => expect(titles()).toEqual(['Study', 'Work', 'Home']))
    // The list's refetch after the failure is answered with the order the server kept.
    server.answer(json({ code: 'planner.stale_neighbours' }, 409))
    await waitFor(() => expect(server.sent).toHaveLength(2))
    expect(new URL(server.sent[1]?.url ?? '').pathname).toBe('/api/planner/categories')
    server.answer(json({ items: [work, home, study] }))
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(titles()).toEqual(['Work', 'Home', 'Study'])
  })
})
