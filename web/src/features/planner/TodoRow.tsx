import type { Todo } from '@madang/contracts'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { formatTime } from '../../lib/dates.ts'
import { OptimisticCheckbox } from './OptimisticCheckbox.tsx'
import type { SheetBackground } from './sheet-background.ts'
import { RowMoveControls, type RowControls } from './SortableRows.tsx'

/** One todo in a list: done checkbox, its text (opens the sheet), due time, subtodo progress. */
export function TodoRow({
  todo,
  controls,
  onToggle,
}: {
  todo: Todo
  controls: RowControls
  onToggle: (isDone: boolean) => Promise<unknown>
}) {
  const { t, i18n } = useTranslation('planner')
  const location = useLocation()
  const background: SheetBackground = { pathname: location.pathname, search: location.search }
  const doneSubtodos = todo.subtodos.filter((subtodo) => subtodo.isDone).length
  return (
    <div className={todo.isDone ? 'todo-row is-done' : 'todo-row'} data-testid="todo-row">
      <OptimisticCheckbox className="check" checked={todo.isDone} aria-label={todo.content} onToggle={onToggle} />
      <Link
        className="todo-content"
        to={`/planner/todos/${todo.id}`}
        state={{ background }}
        aria-label={t('todo.open', { content: todo.content })}
      >
        <span className="todo-text">{todo.content}</span>
        <span className="todo-meta">
          {todo.dueTime !== null && <span className="chip">{formatTime(todo.dueTime, i18n.language)}</span>}
          {todo.subtodos.length > 0 && (
            <span
              className="chip"
              aria-label={t('todo.subtodoProgress', { done: doneSubtodos, total: todo.subtodos.length })}
            >
              {doneSubtodos}/{todo.subtodos.length}
            </span>
          )}
          {todo.memo !== null && todo.memo !== '' && (
            <span className="chip" aria-label={t('todo.hasMemo')}>
              ✎
            </span>
          )}
        </span>
      </Link>
      <RowMoveControls controls={controls} name={todo.content} />
    </div>
  )
}
