import type { Category, Subtodo, Todo } from '@madang/contracts'

/** Planner objects for tests, with readable ids and ranks. */

const CREATED = '2026-11-20T00:00:00.000Z'

export function aCategory(overrides: Partial<Category> = {}): Category {
  return {
    id: 'cat-1',
    title: 'Work',
    color: 'blue',
    rank: 'a0',
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  }
}

export function aTodo(overrides: Partial<Todo> = {}): Todo {
  return {
    id: 'todo-1',
    categoryId: 'cat-1',
    content: 'Write the report',
    date: '2026-11-23',
    dueTime: null,
    isDone: false,
    memo: null,
    rank: 'a0',
    subtodos: [],
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  }
}

export function aSubtodo(overrides: Partial<Subtodo> = {}): Subtodo {
  return {
    id: 'sub-1',
    todoId: 'todo-1',
    content: 'Outline',
    date: '2026-11-23',
    isDone: false,
    rank: 'a0',
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  }
}
