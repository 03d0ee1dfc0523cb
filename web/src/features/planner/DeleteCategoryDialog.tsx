import type { Category, DeleteCategoryQuery } from '@madang/contracts'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { useCategoryHasTodos } from './queries.ts'
import { useDeleteCategory } from './mutations.ts'
import { Button } from '../../components/ui/Button.tsx'

/**
 * Confirms deleting a category. One that still has todos asks where they go: to another category
 * (`todos=move&to=`) or away with it (`todos=delete`), as the server's DELETE expects.
 */
export function DeleteCategoryDialog({
  category,
  others,
  onClose,
}: {
  category: Category
  others: readonly Category[]
  /** After the dialog closed; `isDeleted` when the category is gone (its button with it). */
  onClose: (isDeleted: boolean) => void
}) {
  const { t } = useTranslation('planner')
  const ids = useId()
  const dialog = useRef<HTMLDialogElement>(null)
  const remove = useDeleteCategory()
  const hasTodos = useCategoryHasTodos(category.id)
  const [disposition, setDisposition] = useState<'move' | 'delete'>(others.length > 0 ? 'move' : 'delete')
  const [target, setTarget] = useState(others[0]?.id ?? '')
  const isDeleted = useRef(false)

  useEffect(() => {
    const element = dialog.current
    if (element !== null && !element.open) element.showModal()
  }, [])

  const confirm = () => {
    let query: DeleteCategoryQuery = {}
    if (hasTodos.data === true) query = disposition === 'move' ? { todos: 'move', to: target } : { todos: 'delete' }
    remove.mutate(
      { id: category.id, query },
      {
        onSuccess: () => {
          isDeleted.current = true
          dialog.current?.close()
        },
        // Someone added a todo meanwhile: ask again, now with the choices.
        onError: () => void hasTodos.refetch(),
      },
    )
  }

  return (
    <dialog
      ref={dialog}
      className="sheet sheet-small"
      aria-labelledby={`${ids}-title`}
      onClose={() => onClose(isDeleted.current)}
    >
      <div className="sheet-body">
        <h2 id={`${ids}-title`}>{t('deleteCategory.title', { title: category.title })}</h2>
        {hasTodos.isPending ? (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        ) : hasTodos.data === true ? (
          <fieldset className="choice-group">
            <legend>{t('deleteCategory.hasTodos')}</legend>
            {others.length > 0 && (
              <div className="choice">
                <label>
                  <input
                    type="radio"
                    name={`${ids}-disposition`}
                    checked={disposition === 'move'}
                    onChange={() => setDisposition('move')}
                  />
                  {t('deleteCategory.move')}
                </label>
                <label htmlFor={`${ids}-target`} className="visually-hidden">
                  {t('deleteCategory.target')}
                </label>
                <select
                  id={`${ids}-target`}
                  className="input"
                  value={target}
                  disabled={disposition !== 'move'}
                  onChange={(event) => setTarget(event.target.value)}
                >
                  {others.map((other) => (
                    <option key={other.id} value={other.id}>
                      {other.title}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="choice">
              <label>
                <input
                  type="radio"
                  name={`${ids}-disposition`}
                  checked={disposition === 'delete'}
                  onChange={() => setDisposition('delete')}
                />
                {t('deleteCategory.deleteTodos')}
              </label>
            </div>
          </fieldset>
        ) : (
          <p className="muted">{t('deleteCategory.empty')}</p>
        )}
        <FormError error={remove.error ?? hasTodos.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            {t('common:actions.cancel')}
          </button>
          <Button className="button button-danger" isBusy={hasTodos.isPending || remove.isPending} onClick={confirm}>
            {t('deleteCategory.confirm')}
          </Button>
        </div>
      </div>
    </dialog>
  )
}
