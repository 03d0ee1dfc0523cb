import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { QuickAdd } from './QuickAdd.tsx'

function renderQuickAdd(onAdd: (text: string) => Promise<unknown>) {
  render(<QuickAdd label="Add a todo to Home" placeholder="Add a todo" onAdd={onAdd} />)
  return screen.getByLabelText<HTMLInputElement>('Add a todo to Home')
}

describe('QuickAdd', () => {
  it('saves the trimmed text on Enter and empties the line for the next one at once', async () => {
    const onAdd = vi.fn<(text: string) => Promise<unknown>>(() => new Promise(() => undefined))
    const input = renderQuickAdd(onAdd)
    await userEvent.type(input, '  Water the plants {Enter}')
    expect(onAdd).toHaveBeenCalledWith('Water the plants')
    expect(input.value).toBe('')
  })

  it('saves nothing for an empty line', async () => {
    const onAdd = vi.fn<(text: string) => Promise<unknown>>(async () => undefined)
    const input = renderQuickAdd(onAdd)
    await userEvent.type(input, '   {Enter}')
    expect(onAdd).not.toHaveBeenCalled()
  })

  it('gives the text back when the save fails, so nothing typed is lost', async () => {
    const input = renderQuickAdd(async () => {
      throw new Error('offline')
    })
    await userEvent.type(input, 'Water the plants{Enter}')
    await waitFor(() => expect(input.value).toBe('Water the plants'))
  })
})
