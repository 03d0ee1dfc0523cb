import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { CommitInput } from './CommitInput.tsx'

/** Saves like the planner does: the committed text comes back as the new value. */
function Saved({ initial, onCommit }: { initial: string; onCommit?: (next: string) => void }) {
  const [value, setValue] = useState(initial)
  return (
    <>
      <CommitInput
        aria-label={`Rename ${value}`}
        value={value}
        onCommit={(next) => {
          onCommit?.(next)
          setValue(next)
        }}
      />
      <button type="button" onClick={() => setValue('Changed elsewhere')}>
        Other device
      </button>
    </>
  )
}

describe('CommitInput', () => {
  it('saves on Enter and keeps the focus in the input, so the keyboard user can go on', async () => {
    const user = userEvent.setup()
    const onCommit = vi.fn<(next: string) => void>()
    render(<Saved initial="Taxes" onCommit={onCommit} />)
    const input = screen.getByRole('textbox', { name: 'Rename Taxes' })
    await user.clear(input)
    await user.type(input, 'Taxes 2026{Enter}')
    expect(onCommit).toHaveBeenCalledWith('Taxes 2026')
    const renamed = screen.getByRole('textbox', { name: 'Rename Taxes 2026' })
    expect(renamed).toBe(input)
    expect(document.activeElement).toBe(renamed)
    expect(renamed).toHaveProperty('value', 'Taxes 2026')
  })

  it('shows a value changed elsewhere, and puts the old text back when emptied', async () => {
    const user = userEvent.setup()
    const onCommit = vi.fn<(next: string) => void>()
    render(<Saved initial="Taxes" onCommit={onCommit} />)
    await user.click(screen.getByRole('button', { name: 'Other device' }))
    const input = screen.getByRole('textbox', { name: 'Rename Changed elsewhere' })
    expect(input).toHaveProperty('value', 'Changed elsewhere')
    await user.clear(input)
    await user.tab()
    expect(input).toHaveProperty('value', 'Changed elsewhere')
    expect(onCommit).not.toHaveBeenCalled()
  })
})
