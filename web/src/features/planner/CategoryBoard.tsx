import type { Todo } from '@madang/contracts'
import type { UseQueryResult } from '@tanstack/react-query'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { CategorySection } from './CategorySection.tsx'
import { NewCategoryForm } from './NewCategoryForm.tsx'
import { useCategories } from './queries.ts'

/** The todos of `date` per category id, each list in rank order (the cache keeps them so). */
function groupByCategory(todos: readonly Todo[], date: string | null): Map<string, Todo[]> {
  const groups = new Map<string, Todo[]>()
  for (const todo of todos) {
    if (todo.date !== date) continue
    const group = groups.get(todo.categoryId)
    if (group === undefined) groups.set(todo.categoryId, [todo])
    else group.push(todo)
  }
  return groups
}

/**
 * The todos of one date (`null`: the inbox) under their categories, each with a line to add more;
 * with no category yet, the form for a first one. `todos` may hold other dates too (a week).
 */
export function CategoryBoard({ todos, date }: { todos: UseQueryResult<Todo[]>; date: string | null }) {
  const { t } = useTranslation('planner')
  const emptyTitleId = useId()
  const categories = useCategories()
  const byCategory = groupByCategory(todos.data ?? [], date)
  return (
    <>
      <FormError error={categories.error ?? todos.error} />
      {categories.isPending || todos.isPending ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : categories.data?.length === 0 ? (
        <section className="empty-state card" aria-labelledby={emptyTitleId}>
          <h2 id={emptyTitleId}>{t('empty.title')}</h2>
          <p className="muted">{t('empty.body')}</p>
          <NewCategoryForm />
        </section>
      ) : (
        (categories.data ?? []).map((category) => (
          <CategorySection
            key={category.id}
            category={category}
            todos={byCategory.get(category.id) ?? []}
            date={date}
          />
        ))
      )}
    </>
  )
}
