import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { Button } from './Button.tsx'

describe('Button', () => {
  it('runs its click while usable and is a plain button unless told otherwise', () => {
    const onClick = vi.fn()
    render(<Button onClick={onClick}>Save</Button>)
    const button = screen.getByRole('button', { name: 'Save' })
    fireEvent.click(button)
    expect(onClick).toHaveBeenCalledTimes(1)
    expect(button.getAttribute('type')).toBe('button')
    expect(button.hasAttribute('aria-disabled')).toBe(false)
  })

  it('stays focusable while busy or disabled, says so, and ignores clicks', () => {
    const onClick = vi.fn()
    const { rerender } = render(
      <Button isBusy onClick={onClick}>
        Save
      </Button>,
    )
    const button = screen.getByRole('button', { name: 'Save' })
    button.focus()
    fireEvent.click(button)
    expect(onClick).not.toHaveBeenCalled()
    expect(button.getAttribute('aria-disabled')).toBe('true')
    expect(button.getAttribute('aria-busy')).toBe('true')
    expect(button.hasAttribute('disabled')).toBe(false)
    expect(document.activeElement).toBe(button)

    rerender(
      <Button isDisabled onClick={onClick}>
        Save
      </Button>,
    )
    fireEvent.click(button)
    expect(onClick).not.toHaveBeenCalled()
    expect(button.hasAttribute('aria-busy')).toBe(false)
    expect(button.getAttribute('aria-disabled')).toBe('true')
  })

  it('does not submit its form while busy', () => {
    const onSubmit = vi.fn((event: { preventDefault(): void }) => event.preventDefault())
    const { rerender } = render(
      <form onSubmit={onSubmit}>
        <Button type="submit" isBusy>
          Send
        </Button>
      </form>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onSubmit).not.toHaveBeenCalled()
    rerender(
      <form onSubmit={onSubmit}>
        <Button type="submit">Send</Button>
      </form>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(onSubmit).toHaveBeenCalledTimes(1)
  })
})
