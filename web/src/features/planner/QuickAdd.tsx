import type { Category } from '@madang/contracts'
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { useCreateTodo } from './mutations.ts'

/** A one-line input at the bottom of a category: type, press Enter, and the todo is there. */
export function QuickAdd({ category, date }: { category: Category; date: string | null }) {
  const { t } = useTranslation('planner')
  const inputId = useId()
  const [content, setContent] = useState('')
  const create = useCreateTodo()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = content.trim()
    if (text === '') return
    setContent('')
    create.mutate(
      { content: text, categoryId: category.id, date },
      // Give the text back so nothing typed is lost.
      { onError: () => setContent((current) => (current === '' ? text : current)) },
    )
  }
  return (
    <form className="quick-add" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('quickAdd.label', { category: category.title })}
      </label>
      <span className="quick-add-plus" aria-hidden="true">
        +
      </span>
      <input
        id={inputId}
        className="quick-add-input"
        value={content}
        maxLength={255}
        placeholder={t('quickAdd.placeholder')}
        autoComplete="off"
        enterKeyHint="done"
        onChange={(event) => setContent(event.target.value)}
      />
      <FormError error={create.error} />
    </form>
  )
}
