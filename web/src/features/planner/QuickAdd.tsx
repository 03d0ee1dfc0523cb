import { useId, useState, type FormEvent, type Ref } from 'react'

/**
 * A one-line input at the bottom of a list (a category's todos, a todo's steps): type, press Enter,
 * and the item is there. The line empties at once for the next one; a failed save gives the text
 * back so nothing typed is lost (the caller shows the failure).
 */
export function QuickAdd({
  label,
  placeholder,
  onAdd,
  inputRef,
  className,
}: {
  label: string
  placeholder: string
  /** Saves the trimmed, non-empty text; may reject. */
  onAdd: (text: string) => Promise<unknown>
  inputRef?: Ref<HTMLInputElement>
  /** Added to `quick-add`. */
  className?: string
}) {
  const inputId = useId()
  const [content, setContent] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = content.trim()
    if (text === '') return
    setContent('')
    onAdd(text).catch(() => setContent((current) => (current === '' ? text : current)))
  }
  return (
    <form className={className === undefined ? 'quick-add' : `quick-add ${className}`} onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      <span className="quick-add-plus" aria-hidden="true">
        +
      </span>
      <input
        ref={inputRef}
        id={inputId}
        className="quick-add-input"
        value={content}
        maxLength={255}
        placeholder={placeholder}
        autoComplete="off"
        enterKeyHint="done"
        onChange={(event) => setContent(event.target.value)}
      />
    </form>
  )
}
