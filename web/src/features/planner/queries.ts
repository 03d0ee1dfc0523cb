import type { Category, CategoryList, Task, Todo, TodoList, TodoPage } from '@madang/contracts'
import { useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query'
import { request } from '../../lib/api.ts'
import {
  applyToCategories,
  applyToTodo,
  applyToTodoList,
  sortByRank,
  type PlannerEventFrame,
  type TodoScope,
} from './cache-updates.ts'

/**
 * The planner's server state: query keys, typed fetchers, queries, and how a change (a realtime
 * event, or the answer to this session's own request) is written into every cached list.
 */

export const plannerKeys = {
  all: ['planner'] as const,
  categories: () => ['planner', 'categories'] as const,
  todoLists: () => ['planner', 'todos'] as const,
  range: (from: string, to: string) => ['planner', 'todos', 'range', from, to] as const,
  inbox: () => ['planner', 'todos', 'inbox'] as const,
  todos: () => ['planner', 'todo'] as const,
  todo: (id: string) => ['planner', 'todo', id] as const,
  task: (id: string) => ['planner', 'task', id] as const,
  categoryHasTodos: (id: string) => ['planner', 'categories', id, 'has-todos'] as const,
}

/** The scope of a cached todo list, from its query key. */
function scopeOfKey(key: QueryKey): TodoScope | null {
  if (key[0] !== 'planner' || key[1] !== 'todos') return null
  if (key[2] === 'inbox') return { kind: 'inbox' }
  if (key[2] === 'range' && typeof key[3] === 'string' && typeof key[4] === 'string') {
    return { kind: 'range', from: key[3], to: key[4] }
  }
  return null
}

/**
 * Applies one planner change to every cached list and todo it touches. A fetch under way may have
 * been answered before the change and would write over it when it lands (an open sheet would keep
 * a deleted category until reload): such fetches are dropped and asked again, so what lands
 * includes the change.
 */
export function applyPlannerEvent(queryClient: QueryClient, change: PlannerEventFrame): void {
  const overlapping = queryClient
    .getQueryCache()
    .findAll({ queryKey: plannerKeys.all, fetchStatus: 'fetching' })
    .filter((query) => isChangedByEvents(query.queryKey))
  writePlannerEvent(queryClient, change)
  for (const query of overlapping) {
    // Cancelling restores the data from before the fetch, or what was written since (the change).
    void queryClient.cancelQueries({ queryKey: query.queryKey, exact: true })
    void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true })
  }
}

/** The categories, todo lists and todos: what planner events write to (tasks have their own events). */
function isChangedByEvents(key: QueryKey): boolean {
  return key[0] === 'planner' && (key[1] === 'categories' || key[1] === 'todos' || key[1] === 'todo')
}

function writePlannerEvent(queryClient: QueryClient, change: PlannerEventFrame): void {
  queryClient.setQueryData<Category[]>(plannerKeys.categories(), (list) =>
    list === undefined ? list : applyToCategories(list, change),
  )
  for (const [key, list] of queryClient.getQueriesData<Todo[]>({ queryKey: plannerKeys.todoLists() })) {
    const scope = scopeOfKey(key)
    if (scope === null || list === undefined) continue
    queryClient.setQueryData<Todo[]>(key, applyToTodoList(list, scope, change))
  }
  for (const [key, todo] of queryClient.getQueriesData<Todo>({ queryKey: plannerKeys.todos() })) {
    if (todo === undefined) continue
    const next = applyToTodo(todo, change)
    // A deleted todo is asked for again: the sheet then shows that it is gone.
    if (next === null) void queryClient.invalidateQueries({ queryKey: key, exact: true })
    else if (next !== todo) queryClient.setQueryData<Todo>(key, next)
  }
}

/**
 * Refetches every planner query: after a failed optimistic change, or after a reconnect that could
 * not replay what was missed.
 */
export function resyncPlanner(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: plannerKeys.all })
}

/** The cached copy of a todo, from its own query or any list holding it. */
export function findCachedTodo(queryClient: QueryClient, id: string): Todo | undefined {
  const own = queryClient.getQueryData<Todo>(plannerKeys.todo(id))
  if (own !== undefined) return own
  for (const [, list] of queryClient.getQueriesData<Todo[]>({ queryKey: plannerKeys.todoLists() })) {
    const found = list?.find((todo) => todo.id === id)
    if (found !== undefined) return found
  }
  return undefined
}

// Fetchers -------------------------------------------------------------------------------------

async function fetchCategories(): Promise<Category[]> {
  const list = await request<CategoryList>('/api/planner/categories')
  return sortByRank(list.items)
}

async function fetchTodosInRange(from: string, to: string): Promise<Todo[]> {
  const list = await request<TodoList>('/api/planner/todos', { query: { from, to } })
  return sortByRank(list.items)
}

async function fetchInbox(): Promise<Todo[]> {
  const list = await request<TodoList>('/api/planner/todos/inbox')
  return sortByRank(list.items)
}

function fetchTodo(id: string): Promise<Todo> {
  return request<Todo>(`/api/planner/todos/${id}`)
}

function fetchTask(id: string): Promise<Task> {
  return request<Task>(`/api/tasks/${id}`)
}

async function fetchCategoryHasTodos(id: string): Promise<boolean> {
  const page = await request<TodoPage>(`/api/planner/categories/${id}/todos`, { query: { limit: 1 } })
  return page.items.length > 0
}

// Queries --------------------------------------------------------------------------------------

export function useCategories() {
  return useQuery({ queryKey: plannerKeys.categories(), queryFn: fetchCategories })
}

export function useTodosInRange(from: string, to: string) {
  return useQuery({ queryKey: plannerKeys.range(from, to), queryFn: () => fetchTodosInRange(from, to) })
}

export function useInbox() {
  return useQuery({ queryKey: plannerKeys.inbox(), queryFn: fetchInbox })
}

export function useTodo(id: string, enabled = true) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: plannerKeys.todo(id),
    queryFn: () => fetchTodo(id),
    placeholderData: () => findCachedTodo(queryClient, id),
    enabled,
  })
}

/** Whether a category still has todos, asked afresh each time (its delete dialog offers choices then). */
export function useCategoryHasTodos(id: string) {
  return useQuery({
    queryKey: plannerKeys.categoryHasTodos(id),
    queryFn: () => fetchCategoryHasTodos(id),
    staleTime: 0,
  })
}

const TERMINAL_STATES: ReadonlySet<Task['state']> = new Set(['completed', 'failed', 'cancelled'])

export function isTaskFinished(task: Task | undefined): boolean {
  return task !== undefined && TERMINAL_STATES.has(task.state)
}

/**
 * A background task, kept current by `tasks.task_changed` events (the caller writes them into the
 * cache) and, while the socket is not live, by polling every 1.5 s.
 */
export function useTask(id: string | null, isLive: boolean) {
  return useQuery({
    queryKey: plannerKeys.task(id ?? 'none'),
    queryFn: () => fetchTask(id ?? ''),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (isTaskFinished(query.state.data) ? false : isLive ? 5_000 : 1_500),
  })
}
