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
import { registerReplayableChange } from '../../lib/offline-persist.ts'
import { rankBetween, type PlannerEventFrame } from './cache-updates.ts'
import { applyPlannerEvent, findCachedTodo, plannerKeys, resyncPlanner } from './queries.ts'

/**
 * The planner's changes. Each writes its answer into the cache the way the matching realtime event
 * would (applyPlannerEvent), so the screen is right at once and the event's echo changes nothing;
 * toggles, edits and moves show before the answer and a failure refetches the truth.
 *
 * Each change but a breakdown request has a key and a sender that needs only its (JSON) variables,
 * registered by registerPlannerChanges: a change made offline then survives a closed page and is
 * sent when the app is next opened (lib/offline.ts). The hooks' callbacks only touch this page's
 * cache, so a replayed change needs none of them; the lists are refetched after the replay.
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

/** The planner's replayable changes: the key each is stored under and how it is sent. */
export const PLANNER_CHANGES = {
  createCategory: {
    key: ['planner', 'create-category'],
    send: (body: CreateCategoryBody) => request<Category>('/api/planner/categories', { method: 'POST', body }),
  },
  updateCategory: {
    key: ['planner', 'update-category'],
    send: ({ id, body }: { id: string; body: UpdateCategoryBody }) =>
      request<Category>(`/api/planner/categories/${id}`, { method: 'PATCH', body }),
  },
  moveCategory: { key: ['planner', 'move-category'], send: mover<Category>('/api/planner/categories') },
  deleteCategory: {
    key: ['planner', 'delete-category'],
    send: ({ id, query }: { id: string; query: DeleteCategoryQuery }) =>
      request<void>(`/api/planner/categories/${id}`, { method: 'DELETE', query: { ...query } }),
  },
  createTodo: {
    key: ['planner', 'create-todo'],
    send: (body: CreateTodoBody) => request<Todo>('/api/planner/todos', { method: 'POST', body }),
  },
  updateTodo: {
    key: ['planner', 'update-todo'],
    send: ({ id, body }: { id: string; body: UpdateTodoBody }) =>
      request<Todo>(`/api/planner/todos/${id}`, { method: 'PATCH', body }),
  },
  deleteTodo: {
    key: ['planner', 'delete-todo'],
    send: (todo: Todo) => request<void>(`/api/planner/todos/${todo.id}`, { method: 'DELETE' }),
  },
  moveTodo: { key: ['planner', 'move-todo'], send: mover<Todo>('/api/planner/todos') },
  createSubtodos: {
    key: ['planner', 'create-subtodos'],
    send: ({ todoId, items }: { todoId: string; items: NewSubtodo[] }) =>
      request<SubtodoList>(`/api/planner/todos/${todoId}/subtodos`, { method: 'POST', body: { items } }),
  },
  updateSubtodo: {
    key: ['planner', 'update-subtodo'],
    send: ({ subtodo, body }: { subtodo: Subtodo; body: UpdateSubtodoBody }) =>
      request<Subtodo>(`/api/planner/subtodos/${subtodo.id}`, { method: 'PATCH', body }),
  },
  deleteSubtodo: {
    key: ['planner', 'delete-subtodo'],
    send: (subtodo: Subtodo) => request<void>(`/api/planner/subtodos/${subtodo.id}`, { method: 'DELETE' }),
  },
  moveSubtodo: { key: ['planner', 'move-subtodo'], send: mover<Subtodo>('/api/planner/subtodos') },
} as const

/** Lets a later page send the planner's changes made offline in this one (see PLANNER_CHANGES). */
export function registerPlannerChanges(queryClient: QueryClient): void {
  for (const { key, send } of Object.values(PLANNER_CHANGES)) {
    registerReplayableChange(queryClient, key, send as (variables: never) => Promise<unknown>)
  }
}

/** Sends a move (`POST <collection>/:id/move`); the neighbours travel as whole items, plain JSON. */
function mover<T extends { id: string }>(collection: string) {
  return (input: MoveInput<T>) =>
    request<T>(`${collection}/${input.item.id}/move`, { method: 'POST', body: moveBodyOf(input) })
}

/**
 * Moves a category, todo or subtodo (`POST <collection>/:id/move`) among its new neighbours; it shows
 * in its new place at once, with a rank between theirs, until the server's own rank arrives.
 */
function useMove<T extends { id: string; rank: string }>(
  change: { key: readonly string[]; send: (input: MoveInput<T>) => Promise<T> },
  movedEvent: (item: T) => PlannerEventFrame,
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: change.key,
    mutationFn: change.send,
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
    mutationKey: PLANNER_CHANGES.createCategory.key,
    mutationFn: PLANNER_CHANGES.createCategory.send,
    onSuccess: (category) =>
      applyPlannerEvent(queryClient, { event: 'planner.category_created', data: { originSessionId: LOCAL, category } }),
  })
}

export function useUpdateCategory() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: PLANNER_CHANGES.updateCategory.key,
    mutationFn: PLANNER_CHANGES.updateCategory.send,
    onSuccess: (category) =>
      applyPlannerEvent(queryClient, { event: 'planner.category_updated', data: { originSessionId: LOCAL, category } }),
  })
}

export function useMoveCategory() {
  return useMove<Category>(PLANNER_CHANGES.moveCategory, (category) => ({
    event: 'planner.category_moved',
    data: { originSessionId: LOCAL, category },
  }))
}

export function useDeleteCategory() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: PLANNER_CHANGES.deleteCategory.key,
    mutationFn: PLANNER_CHANGES.deleteCategory.send,
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
    mutationKey: PLANNER_CHANGES.createTodo.key,
    mutationFn: PLANNER_CHANGES.createTodo.send,
    onSuccess: (todo) =>
      applyPlannerEvent(queryClient, { event: 'planner.todo_created', data: { originSessionId: LOCAL, todo } }),
  })
}

export function useUpdateTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: PLANNER_CHANGES.updateTodo.key,
    mutationFn: PLANNER_CHANGES.updateTodo.send,
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
export const DELETE_TODO_KEY = PLANNER_CHANGES.deleteTodo.key

export function useDeleteTodo() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: DELETE_TODO_KEY,
    mutationFn: PLANNER_CHANGES.deleteTodo.send,
    onSuccess: (_nothing, todo) =>
      applyPlannerEvent(queryClient, {
        event: 'planner.todo_deleted',
        data: { originSessionId: LOCAL, id: todo.id, categoryId: todo.categoryId },
      }),
  })
}

export function useMoveTodo() {
  return useMove<Todo>(PLANNER_CHANGES.moveTodo, (todo) => ({
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
    mutationKey: PLANNER_CHANGES.createSubtodos.key,
    mutationFn: PLANNER_CHANGES.createSubtodos.send,
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
    mutationKey: PLANNER_CHANGES.updateSubtodo.key,
    mutationFn: PLANNER_CHANGES.updateSubtodo.send,
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
    mutationKey: PLANNER_CHANGES.deleteSubtodo.key,
    mutationFn: PLANNER_CHANGES.deleteSubtodo.send,
    onSuccess: (_nothing, subtodo) =>
      applyPlannerEvent(queryClient, {
        event: 'planner.subtodo_deleted',
        data: { originSessionId: LOCAL, id: subtodo.id, todoId: subtodo.todoId },
      }),
  })
}

export function useMoveSubtodo() {
  return useMove<Subtodo>(PLANNER_CHANGES.moveSubtodo, (subtodo) => ({
    event: 'planner.subtodo_moved',
    data: { originSessionId: LOCAL, subtodo },
  }))
}
