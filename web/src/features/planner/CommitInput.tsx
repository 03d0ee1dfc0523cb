import { useState, type InputHTMLAttributes } from 'react'

interface CommitInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string
  /** Called with the trimmed text when it changed and is not empty. */
  onCommit: (next: string) => void
}

/**
 * A text input edited in place: the change is saved on Enter or when focus leaves; an empty text
 * puts the old one back. A new `value` (the saved text, or a change from another device) replaces
 * the draft in the same element, so the input keeps the focus after Enter.
 */
export function CommitInput({ value, onCommit, ...input }: CommitInputProps) {
  const [draft, setDraft] = useState(value)
  const [shown, setShown] = useState(value)
  if (value !== shown) {
    setShown(value)
    setDraft(value)
  }
  const commit = () => {
    const next = draft.trim()
    if (next === '') setDraft(value)
    else if (next !== value) onCommit(next)
  }
  return (
    <input
      {...input}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault()
          commit()
        }
      }}
    />
  )
}
