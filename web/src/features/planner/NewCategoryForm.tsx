import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { ColorPicker } from './ColorPicker.tsx'
import { useCreateCategory } from './mutations.ts'
import { Button } from '../../components/ui/Button.tsx'

/** Adds a category at the bottom: a title, a color, Enter. */
export function NewCategoryForm() {
  const { t } = useTranslation('planner')
  const inputId = useId()
  const [title, setTitle] = useState('')
  const [color, setColor] = useState('blue')
  const create = useCreateCategory()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = title.trim()
    if (text === '') return
    create.mutate({ title: text, color }, { onSuccess: () => setTitle('') })
  }
  return (
    <form className="new-category" onSubmit={submit}>
      <div className="new-category-row">
        <label htmlFor={inputId} className="visually-hidden">
          {t('categories.newLabel')}
        </label>
        <input
          id={inputId}
          className="input new-category-input"
          value={title}
          maxLength={100}
          placeholder={t('categories.newPlaceholder')}
          autoComplete="off"
          onChange={(event) => setTitle(event.target.value)}
        />
        <Button
          type="submit"
          className="button button-primary"
          isBusy={create.isPending}
          isDisabled={title.trim() === ''}
        >
          {t('categories.create')}
        </Button>
      </div>
      <ColorPicker value={color} onChange={setColor} label={t('categories.color')} />
      <FormError error={create.error} />
    </form>
  )
}
