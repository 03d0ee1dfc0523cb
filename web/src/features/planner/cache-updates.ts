import {
  PLANNER_EVENTS,
  type Category,
  type EventFrame,
  type PlannerEvent,
  type PlannerEventMap,
  type Subtodo,
  type Todo,
} from '@madang/contracts'

/**
 * Pure updates of the planner's cached lists, one realtime event at a time. Every list stays sorted
 * by `rank` (plain string comparison, as the server orders them), items are matched by id, and an
 * event may arrive twice (the echo of this session's own request) without changing the outcome.
 */

/** A planner event with its payload typed by its name. */
export type PlannerEventFrame = {
  [K in PlannerEvent]: { event: K; data: PlannerEventMap[K] }
}[PlannerEvent]

/** Which todos a cached todo list holds: those dated within a range, or those without a date. */
export type TodoScope = { kind: 'range'; from: string; to: string } | { kind: 'inbox' }

interface Ranked {
  id: string
  rank: string
}

interface Versioned {
  updatedAt: string
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(PLANNER_EVENTS)

/** The planner event a realtime frame carries, or null for any other event. */
export function toPlannerEvent(frame: Pick<EventFrame, 'event' | 'data'>): PlannerEventFrame | null {
  if (!KNOWN_EVENTS.has(frame.event)) return null
  return { event: frame.event, data: frame.data } as PlannerEventFrame
}

function compareRank(a: { rank: string }, b: { rank: string }): number {
  if (a.rank < b.rank) return -1
  return a.rank > b.rank ? 1 : 0
}

export function sortByRank<T extends { rank: string }>(items: readonly T[]): T[] {
  return [...items].sort(compareRank)
}

/**
 * `item` in place of the one with its id (or added), in rank order. A copy older than the cached
 * one (an event that arrives after the answer of a later request) is ignored.
 */
export function upsertByRank<T extends Ranked & Versioned>(items: readonly T[], item: T): T[] {
  const existing = items.find((candidate) => candidate.id === item.id)
  if (existing !== undefined && existing.updatedAt > item.updatedAt) return [...items]
  return sortByRank([...items.filter((candidate) => candidate.id !== item.id), item])
}

function removeById<T extends { id: string }>(items: readonly T[], id: string): T[] {
  return items.filter((item) => item.id !== id)
}

/**
 * A string that sorts strictly between `after` and `before` (null: the start or the end), for
 * showing a moved item in its new place until the server's own rank arrives.
 */
export function rankBetween(after: string | null, before: string | null): string {
  const low = after ?? ''
  if (before === null) return `${low}~`
  let i = 0
  while (i < low.length && i < before.length && low[i] === before[i]) i += 1
  // They differ inside `low`: anything starting with `low` sorts below `before`.
  if (i < low.length) return `${low}~`
  // `low` is a prefix of `before`: step just below `before`'s next character.
  return `${low}${String.fromCharCode(Math.max(0, before.charCodeAt(i) - 1))}~`
}

function isInScope(todo: Pick<Todo, 'date'>, scope: TodoScope): boolean {
  if (scope.kind === 'inbox') return todo.date === null
  return todo.date !== null && todo.date >= scope.from && todo.date <= scope.to
}

function withSubtodos(todo: Todo, change: (subtodos: Subtodo[]) => Subtodo[]): Todo {
  return { ...todo, subtodos: change(todo.subtodos) }
}

/** `todo` in `list` when its date belongs to `scope`, else out of it. */
function upsertTodo(list: readonly Todo[], todo: Todo, scope: TodoScope): Todo[] {
  if (!isInScope(todo, scope)) return removeById(list, todo.id)
  return upsertByRank(list, todo)
}

export function applyToCategories(list: readonly Category[], change: PlannerEventFrame): Category[] {
  switch (change.event) {
    case 'planner.category_created':
    case 'planner.category_updated':
    case 'planner.category_moved':
      return upsertByRank(list, change.data.category)
    case 'planner.category_deleted':
      return removeById(list, change.data.id)
    case 'planner.todo_created':
    case 'planner.todo_updated':
    case 'planner.todo_moved':
    case 'planner.todo_deleted':
    case 'planner.subtodos_created':
    case 'planner.subtodo_updated':
    case 'planner.subtodo_moved':
    case 'planner.subtodo_deleted':
      return [...list]
  }
}

/** A todo list of `scope` after the event: todos join, move, leave or change as their date says. */
export function applyToTodoList(list: readonly Todo[], scope: TodoScope, change: PlannerEventFrame): Todo[] {
  switch (change.event) {
    case 'planner.todo_created':
    case 'planner.todo_updated':
    case 'planner.todo_moved':
      return upsertTodo(list, change.data.todo, scope)
    case 'planner.todo_deleted':
      return removeById(list, change.data.id)
    case 'planner.category_deleted': {
      const deleted = new Set(change.data.deletedTodoIds)
      let next = list.filter((todo) => !deleted.has(todo.id))
      for (const todo of change.data.movedTodos) next = upsertTodo(next, todo, scope)
      return next
    }
    case 'planner.subtodos_created':
    case 'planner.subtodo_updated':
    case 'planner.subtodo_moved':
    case 'planner.subtodo_deleted':
      return list.map((todo) => applyToTodo(todo, change) ?? todo)
    case 'planner.category_created':
    case 'planner.category_updated':
    case 'planner.category_moved':
      return [...list]
  }
}

/** One todo after the event; null once it is deleted. Events about other todos leave it as it is. */
export function applyToTodo(todo: Todo, change: PlannerEventFrame): Todo | null {
  switch (change.event) {
    case 'planner.todo_created':
    case 'planner.todo_updated':
    case 'planner.todo_moved': {
      const next = change.data.todo
      if (next.id !== todo.id || todo.updatedAt > next.updatedAt) return todo
      return next
    }
    case 'planner.todo_deleted':
      return change.data.id === todo.id ? null : todo
    case 'planner.category_deleted': {
      if (change.data.deletedTodoIds.includes(todo.id)) return null
      return change.data.movedTodos.find((moved) => moved.id === todo.id) ?? todo
    }
    case 'planner.subtodos_created': {
      if (change.data.todoId !== todo.id) return todo
      const created = change.data.subtodos
      return withSubtodos(todo, (subtodos) => created.reduce(upsertByRank, subtodos))
    }
    case 'planner.subtodo_updated':
    case 'planner.subtodo_moved': {
      const subtodo = change.data.subtodo
      if (subtodo.todoId !== todo.id) return todo
      return withSubtodos(todo, (subtodos) => upsertByRank(subtodos, subtodo))
    }
    case 'planner.subtodo_deleted': {
      const { id, todoId } = change.data
      if (todoId !== todo.id) return todo
      return withSubtodos(todo, (subtodos) => removeById(subtodos, id))
    }
    case 'planner.category_created':
    case 'planner.category_updated':
    case 'planner.category_moved':
      return todo
  }
}
