import type { ButtonHTMLAttributes, MouseEvent } from 'react'

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** Cannot be used now (nothing to submit, already at the top): shown dimmed, clicks do nothing. */
  isDisabled?: boolean
  /** Its work is under way: like isDisabled, and announced as busy. */
  isBusy?: boolean
}

/**
 * A button that stays focusable while it cannot be used. A `disabled` button loses keyboard
 * focus the moment it turns disabled (Chrome moves focus to the page), so a keyboard user who
 * pressed "Save" or "Move up" would be thrown back to the top of the page. This one says
 * `aria-disabled` instead and swallows the click, which also stops a submit button's form from
 * submitting (by click or by Enter in a field, which clicks the default button).
 */
export function Button({ isDisabled = false, isBusy = false, type = 'button', onClick, ...rest }: ButtonProps) {
  const isInert = isDisabled || isBusy
  const click = (event: MouseEvent<HTMLButtonElement>) => {
    if (isInert) {
      event.preventDefault()
      return
    }
    onClick?.(event)
  }
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={isInert || undefined}
      aria-busy={isBusy || undefined}
      onClick={click}
    />
  )
}
