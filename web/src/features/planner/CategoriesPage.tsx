import type { Category } from '@madang/contracts'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { ColorPicker } from './ColorPicker.tsx'
import { colorValue } from './colors.ts'
import { CommitInput } from './CommitInput.tsx'
import { DeleteCategoryDialog } from './DeleteCategoryDialog.tsx'
import { NewCategoryForm } from './NewCategoryForm.tsx'
import { useCategories } from './queries.ts'
import { useMoveCategory, useUpdateCategory } from './mutations.ts'
import { RowMoveControls, SortableRows, type RowControls } from './SortableRows.tsx'

/** Categories: add, rename, recolor, reorder and delete (moving or deleting their todos). */
export function CategoriesPage() {
  const { t } = useTranslation('planner')
  const categories = useCategories()
  const move = useMoveCategory()
  const [deleting, setDeleting] = useState<Category | null>(null)
  const list = categories.data ?? []
  // A deleted category's "Delete" button, which had the focus before the dialog, is gone: the list
  // (or, when it is empty now, the form for a new one) takes the focus instead of the page's body.
  const isRefocusing = useRef(false)
  const listHeading = useRef<HTMLHeadingElement>(null)
  const newHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (!isRefocusing.current) return
    isRefocusing.current = false
    ;(listHeading.current ?? newHeading.current)?.focus()
  })
  return (
    <div className="planner-page">
      <header className="page-head">
        <h1>{t('categories.title')}</h1>
        <p className="page-subtitle">{t('categories.subtitle')}</p>
      </header>
      <section className="card" aria-labelledby="new-category-title">
        <h2 id="new-category-title" ref={newHeading} tabIndex={-1}>
          {t('categories.new')}
        </h2>
        <NewCategoryForm />
      </section>
      <FormError error={categories.error ?? move.error} />
      {list.length > 0 && (
        <section className="card" aria-labelledby="category-list-title">
          <h2 id="category-list-title" ref={listHeading} tabIndex={-1}>
            {t('categories.yours')}
          </h2>
          <SortableRows
            items={list}
            label={t('categories.yours')}
            className="category-list"
            nameOf={(category) => category.title}
            onMove={(input) => move.mutate(input)}
            renderRow={(category, controls) => (
              <CategoryRow category={category} controls={controls} onDelete={() => setDeleting(category)} />
            )}
          />
        </section>
      )}
      {deleting !== null && (
        <DeleteCategoryDialog
          key={deleting.id}
          category={deleting}
          others={list.filter((category) => category.id !== deleting.id)}
          onClose={(isDeleted) => {
            isRefocusing.current = isDeleted
            setDeleting(null)
          }}
        />
      )}
    </div>
  )
}

function CategoryRow({
  category,
  controls,
  onDelete,
}: {
  category: Category
  controls: RowControls
  onDelete: () => void
}) {
  const { t } = useTranslation('planner')
  const update = useUpdateCategory()
  const [isPickingColor, setIsPickingColor] = useState(false)
  return (
    <div className="category-row" data-testid="category-row">
      <div className="category-row-main">
        <button
          type="button"
          className="color-button"
          aria-expanded={isPickingColor}
          aria-label={t('categories.changeColor', { title: category.title })}
          onClick={() => setIsPickingColor((value) => !value)}
        >
          <span className="color-dot color-dot-large" style={{ background: colorValue(category.color) }} />
        </button>
        <CommitInput
          className="inline-input category-title-input"
          value={category.title}
          maxLength={100}
          aria-label={t('categories.rename', { title: category.title })}
          onCommit={(title) => update.mutate({ id: category.id, body: { title } })}
        />
        <RowMoveControls controls={controls} name={category.title} />
        <button
          type="button"
          className="button button-quiet button-small button-danger-text"
          aria-label={t('categories.delete', { title: category.title })}
          onClick={onDelete}
        >
          {t('categories.deleteShort')}
        </button>
      </div>
      {isPickingColor && (
        <ColorPicker
          value={category.color}
          label={t('categories.color')}
          onChange={(color) => update.mutate({ id: category.id, body: { color } })}
        />
      )}
      <FormError error={update.error} />
    </div>
  )
}
