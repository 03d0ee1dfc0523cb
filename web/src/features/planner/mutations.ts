import type {
  BreakdownBody,
  Category,
  CreateCategoryBody,
  CreateTodoBody,
  DeleteCategoryQuery,
  MoveBody,
  NewSubtodo,
  Subtodo,
  SubtodoList,
  TaskRef,
  Todo,
  UpdateCategoryBody,
  UpdateSubtodoBody,
  UpdateTodoBody,
} from '@madang/contracts'
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api.ts'
import { rankBetween, type PlannerEventFrame } from './cache-updates.ts'
import { applyPlannerEvent, findCachedTodo, plannerKeys, resyncPlanner } from './queries.ts'

/**
 * The planner's changes. Each writes its answer into the cache the way the matching realtime event
 * would (applyPlannerEvent), so the screen is right at once and the event's echo changes nothing;
 * toggles, edits and moves show before the answer and a failure refetches the truth.
 */

/** Changes made here are written into the cache as if this session's own event had come back. */
const LOCAL = ''

/** Shows a change before the answer (`show`); a failure refetches the planner, so the screen shows the truth. */
function optimistic<V>(queryClient: QueryClient, show: (variables: V) => void) {
  return {
    onMutate: async (variables: V) => {
      await queryClient.cancelQueries({ queryKey: plannerKeys.all })
      show(variables)
    },
    onError: () => resyncPlanner(queryClient),
  }
}

/** Where a moved item lands, for the optimistic rank: its new visible neighbours' ranks. */
export interface MoveInput<T> {
  item: T
  after: T | null
  before: T | null
}

/** Only the neighbour above is sent when there is one: the server then puts the item right below it. */
function moveBodyOf<T extends { id: string }>(input: MoveInput<T>): MoveBody {
  if (input.after !== null) return { after: input.after.id }
  if (input.before !== null) return { before: input.before.id }
  return {}
}

/**
 * Moves a category, todo or subtodo (`POST <collection>/:id/move`) among its new neighbours; it shows
 * in its new place at once, with a rank between theirs, until the server's own rank arrives.
 */
function useMove<T extends { id: string; rank: string }>(
  collection: string,
  movedEvent: (item: T) => PlannerEventFrame,
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: MoveInput<T>) =>
      request<T>(`${collection}/${input.item.id}/move`, { method: 'POST', body: moveBodyOf(input) }),
    ...optimistic(queryClient, ({ item, after, before }: MoveInput<T>) =>
      applyPlannerEvent(
        queryClient,
        movedEvent({ ...item, rank: rankBetween(after?.rank ?? null, before?.rank ?? null) }),
      ),
    ),
    onSuccess: (item) => applyPlannerEvent(queryClient, movedEvent(item)),
  })
}

// Category mutations ---------------------------------------------------------------------------

export function useCreateCategory() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateCategoryBody) => request<Category>('/api/planner/categories', { method: 'POST', body }),
    onSuccess: (category) =>
      applyPlannerEvent(queryClient, { event: 'planner.category_created', data: { originSessionId: LOCAL, category } }),
  })
}

export function useUpdateCategory() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCategoryBody }) =>
      request<Category>(`/api/planner/categories/${id}`, { method: 'PATCH', body }),
    onSuccess: (category) =>
      applyPlannerEvent(queryClient, { event: 'planner.category_updated', data: { originSessionId: LOCAL, category } }),
  })
}

export function useMoveCategory() {
  return useMove<Category>('/api/planner/categories', (category) => ({
    event: 'planner.category_moved',
    data: { originSessionId: LOCAL, category },
  }))
}

export function useDeleteCategory() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, query }: { id: string; query: DeleteCategoryQuery }) =>
      request<void>(`/api/planner/categories/${id}`, { method: 'DELETE', query: { ...query } }),
    onSuccess: (_nothing, { id }) => {
      queryClient.setQueryData<Category[]>(plannerKeys.categories(), (list) =>
        list?.filter((category) => category.id !== id),
      )
      // Which todos moved or went is in the realtime event; ask again in case it was missed.
      return queryClient.invalidateQueries({ queryKey: plannerKeys.todoLists() })
    },
  })
}

// Todo mutations -------------------------------------------------------------------------------

export function useCreateTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateTodoBody) => request<Todo>('/api/planner/todos', { method: 'POST', body }),
    onSuccess: (todo) =>
      applyPlannerEvent(queryClient, { event: 'planner.todo_created', data: { originSessionId: LOCAL, todo } }),
  })
}

export function useUpdateTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTodoBody }) =>
      request<Todo>(`/api/planner/todos/${id}`, { method: 'PATCH', body }),
    ...optimistic(queryClient, ({ id, body }: { id: string; body: UpdateTodoBody }) => {
      const current = findCachedTodo(queryClient, id)
      if (current === undefined) return
      // Moving to the inbox clears the due time on the server too.
      const patch = body.date === null ? { ...body, dueTime: null } : body
      applyPlannerEvent(queryClient, {
        event: 'planner.todo_updated',
        data: { originSessionId: LOCAL, todo: { ...current, ...patch } },
      })
    }),
    onSuccess: (todo) =>
      applyPlannerEvent(queryClient, { event: 'planner.todo_updated', data: { originSessionId: LOCAL, todo } }),
  })
}

/** Deletions of todos; the todo's sheet watches them (see TodoSheet). */
export const DELETE_TODO_KEY = ['planner', 'delete-todo'] as const

export function useDeleteTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: DELETE_TODO_KEY,
    mutationFn: (todo: Todo) => request<void>(`/api/planner/todos/${todo.id}`, { method: 'DELETE' }),
    onSuccess: (_nothing, todo) =>
      applyPlannerEvent(queryClient, {
        event: 'planner.todo_deleted',
        data: { originSessionId: LOCAL, id: todo.id, categoryId: todo.categoryId },
      }),
  })
}

export function useMoveTodo() {
  return useMove<Todo>('/api/planner/todos', (todo) => ({
    event: 'planner.todo_moved',
    data: { originSessionId: LOCAL, todo },
  }))
}

export function useRequestBreakdown() {
  return useMutation({
    mutationFn: ({ todoId, body }: { todoId: string; body: BreakdownBody }) =>
      request<TaskRef>(`/api/planner/todos/${todoId}/breakdown`, { method: 'POST', body }),
  })
}

// Subtodo mutations ----------------------------------------------------------------------------

export function useCreateSubtodos() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ todoId, items }: { todoId: string; items: NewSubtodo[] }) =>
      request<SubtodoList>(`/api/planner/todos/${todoId}/subtodos`, { method: 'POST', body: { items } }),
    onSuccess: (list, { todoId }) =>
      applyPlannerEvent(queryClient, {
        event: 'planner.subtodos_created',
        data: { originSessionId: LOCAL, todoId, subtodos: list.items },
      }),
  })
}

export function useUpdateSubtodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ subtodo, body }: { subtodo: Subtodo; body: UpdateSubtodoBody }) =>
      request<Subtodo>(`/api/planner/subtodos/${subtodo.id}`, { method: 'PATCH', body }),
    ...optimistic(queryClient, ({ subtodo, body }: { subtodo: Subtodo; body: UpdateSubtodoBody }) => {
      if (body.isDone === undefined) return
      applyPlannerEvent(queryClient, {
        event: 'planner.subtodo_updated',
        data: { originSessionId: LOCAL, subtodo: { ...subtodo, isDone: body.isDone } },
      })
    }),
    onSuccess: (subtodo) =>
      applyPlannerEvent(queryClient, { event: 'planner.subtodo_updated', data: { originSessionId: LOCAL, subtodo } }),
  })
}

export function useDeleteSubtodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (subtodo: Subtodo) => request<void>(`/api/planner/subtodos/${subtodo.id}`, { method: 'DELETE' }),
    onSuccess: (_nothing, subtodo) =>
      applyPlannerEvent(queryClient, {
        event: 'planner.subtodo_deleted',
        data: { originSessionId: LOCAL, id: subtodo.id, todoId: subtodo.todoId },
      }),
  })
}

export function useMoveSubtodo() {
  return useMove<Subtodo>('/api/planner/subtodos', (subtodo) => ({
    event: 'planner.subtodo_moved',
    data: { originSessionId: LOCAL, subtodo },
  }))
}
