import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core'
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { MoveInput } from './mutations.ts'
import { moveWithin } from './reorder.ts'

/** What a row needs to be dragged (its handle) or moved one step with buttons. */
export interface RowControls {
  /** The grip the row is dragged by (mouse, touch, or keyboard: Space, arrows, Space). */
  dragHandle: ReactNode
  isDragging: boolean
  moveUp: (() => void) | null
  moveDown: (() => void) | null
}

interface SortableRowsProps<T extends { id: string }> {
  items: readonly T[]
  /** The item's name, for the screen reader announcements of a drag. */
  nameOf: (item: T) => string
  onMove: (move: MoveInput<T>) => void
  renderRow: (item: T, controls: RowControls) => ReactNode
  className?: string
  label: string
}

/**
 * A list reordered by dragging a row's handle (mouse, touch, or the keyboard: Space, arrows,
 * Space) or with its "Move up"/"Move down" buttons; either way `onMove` names the new neighbours.
 */
export function SortableRows<T extends { id: string }>({
  items,
  nameOf,
  onMove,
  renderRow,
  className,
  label,
}: SortableRowsProps<T>) {
  const { t } = useTranslation('planner')
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const indexOf = (id: string | number) => items.findIndex((item) => item.id === id)
  const nameAt = (id: string | number) => {
    const item = items[indexOf(id)]
    return item === undefined ? '' : nameOf(item)
  }
  const move = (from: number, to: number) => {
    const input = moveWithin(items, from, to)
    if (input !== null) onMove(input)
  }
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over !== null) move(indexOf(active.id), indexOf(over.id))
  }
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('drag.started', { name: nameAt(active.id) }),
    onDragOver: ({ active, over }) =>
      over === null ? undefined : t('drag.over', { name: nameAt(active.id), position: indexOf(over.id) + 1 }),
    onDragEnd: ({ active, over }) =>
      t('drag.dropped', { name: nameAt(active.id), position: over === null ? 0 : indexOf(over.id) + 1 }),
    onDragCancel: ({ active }) => t('drag.cancelled', { name: nameAt(active.id) }),
  }
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('drag.instructions') } }}
    >
      <SortableContext items={items.map((item) => item.id)} strategy={verticalListSortingStrategy}>
        <ul className={className} aria-label={label}>
          {items.map((item, index) => (
            <SortableRow key={item.id} id={item.id} name={nameOf(item)}>
              {(controls) =>
                renderRow(item, {
                  ...controls,
                  moveUp: index > 0 ? () => move(index, index - 1) : null,
                  moveDown: index < items.length - 1 ? () => move(index, index + 1) : null,
                })
              }
            </SortableRow>
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  )
}

function SortableRow({
  id,
  name,
  children,
}: {
  id: string
  name: string
  children: (controls: Pick<RowControls, 'dragHandle' | 'isDragging'>) => ReactNode
}) {
  const { t } = useTranslation('planner')
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  })
  const dragHandle = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      className="icon-button drag-handle"
      {...attributes}
      {...listeners}
      aria-label={t('move.drag', { name })}
    >
      <span aria-hidden="true">⠿</span>
    </button>
  )
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'sortable-row is-dragging' : 'sortable-row'}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-id={id}
    >
      {children({ dragHandle, isDragging })}
    </li>
  )
}

/**
 * The one-step buttons and the grip of a row. A moved row's element is re-inserted by React, which
 * drops focus; the pressed button takes it back (or its sibling, when it is now disabled) so a
 * keyboard user can press again.
 */
export function RowMoveControls({ controls, name }: { controls: RowControls; name: string }) {
  const { t } = useTranslation('planner')
  const upButton = useRef<HTMLButtonElement>(null)
  const downButton = useRef<HTMLButtonElement>(null)
  const refocus = useRef<{ direction: 'up' | 'down'; until: number } | null>(null)
  useEffect(() => {
    const pending = refocus.current
    if (pending === null) return
    if (Date.now() > pending.until) {
      refocus.current = null
      return
    }
    const [pressed, other] =
      pending.direction === 'up' ? [upButton.current, downButton.current] : [downButton.current, upButton.current]
    if (pressed === null || document.activeElement === pressed || document.activeElement === other) return
    if (document.activeElement !== null && document.activeElement !== document.body) return
    refocus.current = null
    if (!pressed.disabled) pressed.focus()
    else other?.focus()
  })
  const press = (direction: 'up' | 'down') => {
    refocus.current = { direction, until: Date.now() + 5_000 }
    if (direction === 'up') controls.moveUp?.()
    else controls.moveDown?.()
  }
  return (
    <span className="row-move">
      <button
        ref={upButton}
        type="button"
        className="icon-button"
        aria-label={t('move.up', { name })}
        title={t('move.upShort')}
        disabled={controls.moveUp === null}
        onClick={() => press('up')}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        ref={downButton}
        type="button"
        className="icon-button"
        aria-label={t('move.down', { name })}
        title={t('move.downShort')}
        disabled={controls.moveDown === null}
        onClick={() => press('down')}
      >
        <span aria-hidden="true">↓</span>
      </button>
      {controls.dragHandle}
    </span>
  )
}
