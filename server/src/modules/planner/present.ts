import type { Category, Subtodo, Todo } from '@madang/contracts'
import type { SubtodoJson, TodoWithSubtodos } from './repository/index.ts'
import type { CategoryRow, SubtodoRow, TodoRow } from './tables.ts'

export function presentCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    title: row.title,
    color: row.color,
    rank: row.rank,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** A subtodo from its row, or from the JSON the list queries build (timestamps as strings). */
export function presentSubtodo(row: SubtodoRow | SubtodoJson): Subtodo {
  return {
    id: row.id,
    todoId: row.todoId,
    content: row.content,
    date: row.date,
    isDone: row.isDone,
    rank: row.rank,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  }
}

export function presentTodo(row: TodoWithSubtodos): Todo
export function presentTodo(row: TodoRow, subtodos: ReadonlyArray<SubtodoRow | SubtodoJson>): Todo
export function presentTodo(
  row: TodoRow & { subtodos?: SubtodoJson[] },
  subtodos?: ReadonlyArray<SubtodoRow | SubtodoJson>,
): Todo {
  return {
    id: row.id,
    categoryId: row.categoryId,
    content: row.content,
    date: row.date,
    // PostgreSQL answers HH:MM:SS; the API speaks HH:MM.
    dueTime: row.dueTime === null ? null : row.dueTime.slice(0, 5),
    isDone: row.isDone,
    memo: row.memo,
    rank: row.rank,
    subtodos: (subtodos ?? row.subtodos ?? []).map(presentSubtodo),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function toIso(value: Date | string): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString()
}
