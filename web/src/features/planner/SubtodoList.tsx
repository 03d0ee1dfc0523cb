import type { Subtodo, Todo } from '@madang/contracts'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { CommitInput } from './CommitInput.tsx'
import { OptimisticCheckbox } from './OptimisticCheckbox.tsx'
import { QuickAdd } from './QuickAdd.tsx'
import { useCreateSubtodos, useDeleteSubtodo, useMoveSubtodo, useUpdateSubtodo } from './mutations.ts'
import { RowMoveControls, SortableRows } from './SortableRows.tsx'

/** A todo's steps: check, rename, reorder, delete, and a line to add one. */
export function SubtodoList({ todo }: { todo: Todo }) {
  const { t } = useTranslation('planner')
  const create = useCreateSubtodos()
  const update = useUpdateSubtodo()
  const remove = useDeleteSubtodo()
  const move = useMoveSubtodo()
  const list = useRef<HTMLDivElement>(null)
  const addInput = useRef<HTMLInputElement>(null)
  /** After a step is deleted (its button with it), the next step's delete button, else the add line. */
  const deleteStep = (subtodo: Subtodo) => {
    const index = todo.subtodos.findIndex((candidate) => candidate.id === subtodo.id)
    const neighbour = todo.subtodos[index + 1] ?? todo.subtodos[index - 1]
    remove.mutate(subtodo, {
      onSuccess: () => {
        const next =
          neighbour === undefined
            ? null
            : list.current?.querySelector<HTMLButtonElement>(`[data-id="${neighbour.id}"] button[data-delete-step]`)
        ;(next ?? addInput.current)?.focus()
      },
    })
  }
  return (
    <div className="subtodos" ref={list}>
      {todo.subtodos.length > 0 && (
        <SortableRows
          items={todo.subtodos}
          label={t('sheet.steps')}
          className="subtodo-list"
          nameOf={(subtodo) => subtodo.content}
          onMove={(input) => move.mutate(input)}
          renderRow={(subtodo, controls) => (
            <div className={subtodo.isDone ? 'subtodo-row is-done' : 'subtodo-row'} data-testid="subtodo-row">
              <OptimisticCheckbox
                className="check check-small"
                checked={subtodo.isDone}
                aria-label={subtodo.content}
                onToggle={(isDone) => update.mutateAsync({ subtodo, body: { isDone } })}
              />
              <CommitInput
                className="inline-input"
                value={subtodo.content}
                maxLength={255}
                aria-label={t('sheet.editStep', { content: subtodo.content })}
                onCommit={(next) => update.mutate({ subtodo, body: { content: next } })}
              />
              <RowMoveControls controls={controls} name={subtodo.content} />
              <button
                type="button"
                className="icon-button icon-danger"
                aria-label={t('sheet.deleteStep', { content: subtodo.content })}
                data-delete-step=""
                onClick={() => deleteStep(subtodo)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </div>
          )}
        />
      )}
      <QuickAdd
        className="quick-add-step"
        label={t('sheet.addStep')}
        placeholder={t('sheet.addStepPlaceholder')}
        inputRef={addInput}
        onAdd={(content) => create.mutateAsync({ todoId: todo.id, items: [{ content }] })}
      />
      <FormError error={create.error ?? update.error ?? remove.error ?? move.error} />
    </div>
  )
}
