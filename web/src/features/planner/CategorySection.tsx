import type { Category, Todo } from '@madang/contracts'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { colorValue } from './colors.ts'
import { useCreateTodo, useMoveTodo, useUpdateTodo } from './mutations.ts'
import { QuickAdd } from './QuickAdd.tsx'
import { SortableRows } from './SortableRows.tsx'
import { TodoRow } from './TodoRow.tsx'

/** A category's todos of one day (or of the inbox), reorderable, with a quick-add line. */
export function CategorySection({
  category,
  todos,
  date,
}: {
  category: Category
  todos: readonly Todo[]
  date: string | null
}) {
  const { t } = useTranslation('planner')
  const headingId = useId()
  const create = useCreateTodo()
  const update = useUpdateTodo()
  const move = useMoveTodo()
  const done = todos.filter((todo) => todo.isDone).length
  return (
    <section className="category-card" aria-labelledby={headingId} data-testid="category-section">
      <header className="category-head">
        <span className="color-dot" style={{ background: colorValue(category.color) }} aria-hidden="true" />
        <h2 id={headingId}>{category.title}</h2>
        {todos.length > 0 && (
          <span className="category-count" aria-label={t('category.progress', { done, total: todos.length })}>
            {done}/{todos.length}
          </span>
        )}
      </header>
      {todos.length > 0 && (
        <SortableRows
          items={todos}
          label={t('category.todosOf', { category: category.title })}
          className="todo-list"
          nameOf={(todo) => todo.content}
          onMove={(input) => move.mutate(input)}
          renderRow={(todo, controls) => (
            <TodoRow
              todo={todo}
              controls={controls}
              onToggle={(isDone) => update.mutateAsync({ id: todo.id, body: { isDone } })}
            />
          )}
        />
      )}
      <QuickAdd
        label={t('quickAdd.label', { category: category.title })}
        placeholder={t('quickAdd.placeholder')}
        onAdd={(content) => create.mutateAsync({ content, categoryId: category.id, date })}
      />
      <FormError error={create.error ?? move.error ?? update.error} />
    </section>
  )
}
