import { useOptimistic, useTransition, type InputHTMLAttributes } from 'react'

interface OptimisticCheckboxProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'checked' | 'onChange' | 'onToggle' | 'type'
> {
  /** The saved state (from the cache). */
  checked: boolean
  /** Saves the new state; the box shows it until this settles, then the saved state again. May reject. */
  onToggle: (checked: boolean) => Promise<unknown>
}

/**
 * A checkbox that shows a click at once. A controlled checkbox otherwise springs back to the saved
 * state until the cache, updated a moment later, says otherwise: a visible flicker, and a click
 * that seems lost. A failed save shows the saved state again.
 */
export function OptimisticCheckbox({ checked, onToggle, ...input }: OptimisticCheckboxProps) {
  const [shown, setShown] = useOptimistic(checked)
  const [, startTransition] = useTransition()
  return (
    <input
      {...input}
      type="checkbox"
      checked={shown}
      onChange={(event) => {
        const next = event.target.checked
        startTransition(async () => {
          setShown(next)
          try {
            await onToggle(next)
          } catch {
            // The caller shows the failure (its mutation's error); here the saved state shows again.
          }
        })
      }}
    />
  )
}
