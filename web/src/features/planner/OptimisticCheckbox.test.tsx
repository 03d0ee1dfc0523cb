import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import { OptimisticCheckbox } from './OptimisticCheckbox.tsx'

function deferred() {
  let resolve: () => void = () => {}
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

describe('OptimisticCheckbox', () => {
  it('shows the click at once, while the change is being saved', async () => {
    const user = userEvent.setup()
    const saving = deferred()
    render(<OptimisticCheckbox aria-label="Water the plants" checked={false} onToggle={() => saving.promise} />)
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Water the plants' })
    await user.click(box)
    expect(box.checked).toBe(true)
    await act(async () => saving.resolve())
  })

  it('shows the saved state again when the save is over and the state did not change', async () => {
    const user = userEvent.setup()
    const saving = deferred()
    render(<OptimisticCheckbox aria-label="Water the plants" checked={false} onToggle={() => saving.promise} />)
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Water the plants' })
    await user.click(box)
    await act(async () => saving.resolve())
    expect(box.checked).toBe(false)
  })

  it('keeps the new state once it is saved', async () => {
    const user = userEvent.setup()
    const saving = deferred()
    const { rerender } = render(
      <OptimisticCheckbox aria-label="Water the plants" checked={false} onToggle={() => saving.promise} />,
    )
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Water the plants' })
    await user.click(box)
    rerender(<OptimisticCheckbox aria-label="Water the plants" checked onToggle={() => saving.promise} />)
    await act(async () => saving.resolve())
    expect(box.checked).toBe(true)
  })
})
