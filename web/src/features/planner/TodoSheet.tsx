import type { Todo, UpdateTodoBody } from '@madang/contracts'
import { useMutationState } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate, useParams } from 'react-router'
import { FormError } from '../../components/ui/FormError.tsx'
import { ApiError } from '../../lib/api.ts'
import { BreakdownPanel } from './BreakdownPanel.tsx'
import { colorValue } from './colors.ts'
import { CommitInput } from './CommitInput.tsx'
import { OptimisticCheckbox } from './OptimisticCheckbox.tsx'
import { sheetBackground } from './sheet-background.ts'
import { useCategories, useTodo } from './queries.ts'
import { DELETE_TODO_KEY, useDeleteTodo, useUpdateTodo } from './mutations.ts'
import { SubtodoList } from './SubtodoList.tsx'
import { Button } from '../../components/ui/Button.tsx'

/**
 * A todo's sheet at `/planner/todos/:id`, a modal <dialog> over the page it was opened from:
 * text, done, date, due time, category, memo, steps, AI breakdown and delete. Every way of closing
 * (Escape, the close button, after a delete) goes through the dialog's own close, which gives focus
 * back to where it was, and then back in history.
 */
export function TodoSheet() {
  const { t } = useTranslation('planner')
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const location = useLocation()
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  // A todo deleted here is not asked for again (a 404 for what we know is gone): while its deletion
  // runs or after it succeeded, its query rests; a failed deletion lets it fetch again.
  const deletions = useMutationState({
    filters: { mutationKey: DELETE_TODO_KEY, predicate: (mutation) => isTodoWithId(mutation.state.variables, id) },
    select: (mutation) => mutation.state.status,
  })
  const isDeletedHere = deletions.includes('success')
  const todo = useTodo(id, !isDeletedHere && !deletions.includes('pending'))
  const categories = useCategories()
  const isGone = isDeletedHere || (todo.error instanceof ApiError && todo.error.status === 404)

  useEffect(() => {
    const element = dialog.current
    if (element !== null && !element.open) element.showModal()
  }, [])

  const isDeleted = useRef(false)
  const close = () => dialog.current?.close()
  const closeDeleted = () => {
    isDeleted.current = true
    close()
  }
  const afterClose = () => {
    // The dialog gave the focus back to the link that opened it; a deleted todo's link is gone with
    // it, so the page's main region takes the focus rather than nothing.
    if (isDeleted.current) document.getElementById('main')?.focus()
    if (sheetBackground(location.state) !== null) void navigate(-1)
    else void navigate(todo.data?.date ? `/planner?date=${todo.data.date}` : '/planner', { replace: true })
  }
  const category = categories.data?.find((candidate) => candidate.id === todo.data?.categoryId)

  return (
    <dialog ref={dialog} className="sheet" aria-labelledby={titleId} onClose={afterClose} data-testid="todo-sheet">
      <div className="sheet-body">
        <header className="sheet-head">
          {category !== undefined && (
            <span className="sheet-category">
              <span className="color-dot" style={{ background: colorValue(category.color) }} aria-hidden="true" />
              {category.title}
            </span>
          )}
          <h2 id={titleId} className="visually-hidden">
            {todo.data?.content ?? t('sheet.title')}
          </h2>
          <button type="button" className="icon-button sheet-close" aria-label={t('sheet.close')} onClick={close}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        {isGone ? (
          <p className="muted">{t('sheet.gone')}</p>
        ) : todo.data !== undefined ? (
          <TodoEditor todo={todo.data} onDeleted={closeDeleted} />
        ) : todo.error ? (
          <FormError error={todo.error} />
        ) : (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
      </div>
    </dialog>
  )
}

function isTodoWithId(value: unknown, id: string): boolean {
  return typeof value === 'object' && value !== null && 'id' in value && value.id === id
}

function TodoEditor({ todo, onDeleted }: { todo: Todo; onDeleted: () => void }) {
  const { t } = useTranslation('planner')
  const ids = useId()
  const update = useUpdateTodo()
  const categories = useCategories()
  const save = (body: UpdateTodoBody) => update.mutate({ id: todo.id, body })
  return (
    <div className="todo-editor">
      <div className="editor-title">
        <OptimisticCheckbox
          className="check"
          checked={todo.isDone}
          aria-label={t('sheet.done')}
          onToggle={(isDone) => update.mutateAsync({ id: todo.id, body: { isDone } })}
        />
        <CommitInput
          className="inline-input title-input"
          value={todo.content}
          maxLength={255}
          aria-label={t('sheet.content')}
          onCommit={(content) => save({ content })}
        />
      </div>
      <div className="editor-grid">
        <div className="field">
          <label htmlFor={`${ids}-date`}>{t('sheet.date')}</label>
          <input
            id={`${ids}-date`}
            type="date"
            value={todo.date ?? ''}
            onChange={(event) => save({ date: event.target.value === '' ? null : event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-time`}>{t('sheet.dueTime')}</label>
          <input
            id={`${ids}-time`}
            type="time"
            value={todo.dueTime ?? ''}
            disabled={todo.date === null}
            aria-describedby={todo.date === null ? `${ids}-time-hint` : undefined}
            onChange={(event) => save({ dueTime: event.target.value === '' ? null : event.target.value })}
          />
          {todo.date === null && (
            <p id={`${ids}-time-hint`} className="field-hint">
              {t('sheet.dueTimeNeedsDate')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-category`}>{t('sheet.category')}</label>
          <select
            id={`${ids}-category`}
            value={todo.categoryId}
            onChange={(event) => save({ categoryId: event.target.value })}
          >
            {(categories.data ?? []).map((category) => (
              <option key={category.id} value={category.id}>
                {category.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {todo.date !== null && (
        <button type="button" className="button button-quiet button-small" onClick={() => save({ date: null })}>
          {t('sheet.toInbox')}
        </button>
      )}
      <FormError error={update.error} />
      <section className="sheet-section" aria-labelledby={`${ids}-steps`}>
        <h3 id={`${ids}-steps`}>{t('sheet.steps')}</h3>
        <SubtodoList todo={todo} />
      </section>
      <BreakdownPanel todo={todo} />
      <div className="sheet-section">
        <div className="field">
          <label htmlFor={`${ids}-memo`}>{t('sheet.memo')}</label>
          <MemoField
            key={todo.memo ?? ''}
            id={`${ids}-memo`}
            value={todo.memo ?? ''}
            onCommit={(memo) => save({ memo })}
          />
        </div>
      </div>
      <DeleteTodo todo={todo} onDeleted={onDeleted} />
    </div>
  )
}

/** "Delete todo", asked again in place before the todo and its steps go. */
function DeleteTodo({ todo, onDeleted }: { todo: Todo; onDeleted: () => void }) {
  const { t } = useTranslation('planner')
  const remove = useDeleteTodo()
  const [isConfirming, setIsConfirming] = useState(false)
  return (
    <div className="sheet-danger">
      {isConfirming ? (
        <div className="confirm" role="group" aria-label={t('sheet.deleteConfirm')}>
          <p>{t('sheet.deleteConfirm')}</p>
          <button type="button" className="button" onClick={() => setIsConfirming(false)}>
            {t('common:actions.cancel')}
          </button>
          <Button
            className="button button-danger"
            isBusy={remove.isPending}
            onClick={() => remove.mutate(todo, { onSuccess: onDeleted })}
          >
            {t('sheet.deleteYes')}
          </Button>
        </div>
      ) : (
        <button type="button" className="button button-quiet button-danger-text" onClick={() => setIsConfirming(true)}>
          {t('sheet.delete')}
        </button>
      )}
      <FormError error={remove.error} />
    </div>
  )
}

function MemoField({ id, value, onCommit }: { id: string; value: string; onCommit: (memo: string | null) => void }) {
  const [draft, setDraft] = useState(value)
  return (
    <textarea
      id={id}
      rows={3}
      maxLength={2000}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        const next = draft.trim()
        if (next !== value.trim()) onCommit(next === '' ? null : next)
      }}
    />
  )
}
