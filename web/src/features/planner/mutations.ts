import type {
  BreakdownBody,
  Category,
  CreateCategoryBody,
  CreateTodoBody,
  DeleteCategoryQuery,
  MoveBody,
  MoveTodoBody,
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
import { rankBetween } from './cache-updates.ts'
import { applyPlannerEvent, findCachedTodo, plannerKeys } from './queries.ts'

/**
 * The planner's changes. Each writes its answer into the cache the way the matching realtime event
 * would (applyPlannerEvent), so the screen is right at once and the event's echo changes nothing;
 * toggles, edits and moves show before the answer and a failure refetches the truth.
 */

/** Changes made here are written into the cache as if this session's own event had come back. */
const LOCAL = ''

/** Refetches the planner after a failed optimistic change, so the screen shows the truth again. */
function resync(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: plannerKeys.all })
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
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, move }: { id: string; move: MoveBody }) =>
      request<Category>(`/api/planner/categories/${id}/move`, { method: 'POST', body: move }),
    onSuccess: (category) =>
      applyPlannerEvent(queryClient, { event: 'planner.category_moved', data: { originSessionId: LOCAL, category } }),
    onError: () => resync(queryClient),
  })
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

/** Shows `patch` at once; the answer (or a refetch after a failure) settles it. */
function patchTodoLocally(queryClient: QueryClient, id: string, patch: Partial<Todo>): void {
  const current = findCachedTodo(queryClient, id)
  if (current === undefined) return
  applyPlannerEvent(queryClient, {
    event: 'planner.todo_updated',
    data: { originSessionId: LOCAL, todo: { ...current, ...patch } },
  })
}

export function useUpdateTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTodoBody }) =>
      request<Todo>(`/api/planner/todos/${id}`, { method: 'PATCH', body }),
    onMutate: async ({ id, body }) => {
      await queryClient.cancelQueries({ queryKey: plannerKeys.all })
      // Moving to the inbox clears the due time on the server too.
      patchTodoLocally(queryClient, id, body.date === null ? { ...body, dueTime: null } : body)
    },
    onSuccess: (todo) =>
      applyPlannerEvent(queryClient, { event: 'planner.todo_updated', data: { originSessionId: LOCAL, todo } }),
    onError: () => resync(queryClient),
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

/** Where a moved item lands, for the optimistic rank: its new visible neighbours' ranks. */
export interface MoveInput<T> {
  item: T
  after: T | null
  before: T | null
}

/** Only the neighbour above is sent when there is one: the server then puts the item right below it. */
export function moveBodyOf<T extends { id: string }>(input: MoveInput<T>): MoveBody {
  if (input.after !== null) return { after: input.after.id }
  if (input.before !== null) return { before: input.before.id }
  return {}
}

export function useMoveTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: MoveInput<Todo>) =>
      request<Todo>(`/api/planner/todos/${input.item.id}/move`, {
        method: 'POST',
        body: moveBodyOf(input) satisfies MoveTodoBody,
      }),
    onMutate: async ({ item, after, before }) => {
      await queryClient.cancelQueries({ queryKey: plannerKeys.all })
      patchTodoLocally(queryClient, item.id, { rank: rankBetween(after?.rank ?? null, before?.rank ?? null) })
    },
    onSuccess: (todo) =>
      applyPlannerEvent(queryClient, { event: 'planner.todo_moved', data: { originSessionId: LOCAL, todo } }),
    onError: () => resync(queryClient),
  })
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

function patchSubtodoLocally(queryClient: QueryClient, subtodo: Subtodo, patch: Partial<Subtodo>): void {
  applyPlannerEvent(queryClient, {
    event: 'planner.subtodo_updated',
    data: { originSessionId: LOCAL, subtodo: { ...subtodo, ...patch } },
  })
}

export function useUpdateSubtodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ subtodo, body }: { subtodo: Subtodo; body: UpdateSubtodoBody }) =>
      request<Subtodo>(`/api/planner/subtodos/${subtodo.id}`, { method: 'PATCH', body }),
    onMutate: async ({ subtodo, body }) => {
      await queryClient.cancelQueries({ queryKey: plannerKeys.all })
      if (body.isDone !== undefined) patchSubtodoLocally(queryClient, subtodo, { isDone: body.isDone })
    },
    onSuccess: (subtodo) =>
      applyPlannerEvent(queryClient, { event: 'planner.subtodo_updated', data: { originSessionId: LOCAL, subtodo } }),
    onError: () => resync(queryClient),
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
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: MoveInput<Subtodo>) =>
      request<Subtodo>(`/api/planner/subtodos/${input.item.id}/move`, { method: 'POST', body: moveBodyOf(input) }),
    onMutate: async ({ item, after, before }) => {
      await queryClient.cancelQueries({ queryKey: plannerKeys.all })
      patchSubtodoLocally(queryClient, item, { rank: rankBetween(after?.rank ?? null, before?.rank ?? null) })
    },
    onSuccess: (subtodo) =>
      applyPlannerEvent(queryClient, { event: 'planner.subtodo_moved', data: { originSessionId: LOCAL, subtodo } }),
    onError: () => resync(queryClient),
  })
}
