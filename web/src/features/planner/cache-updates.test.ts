import { describe, expect, it } from 'vitest'
import {
  applyToCategories,
  applyToTodo,
  applyToTodoList,
  rankBetween,
  toPlannerEvent,
  upsertByRank,
  type PlannerEventFrame,
  type TodoScope,
} from './cache-updates.ts'
import { aCategory, aSubtodo, aTodo } from './test-data.ts'

const WEEK: TodoScope = { kind: 'range', from: '2026-11-23', to: '2026-11-29' }
const INBOX: TodoScope = { kind: 'inbox' }
const origin = { originSessionId: 'other-session' }
const LATER = '2026-11-21T00:00:00.000Z'

const first = aTodo({ id: 't1', rank: 'a1', content: 'First' })
const second = aTodo({ id: 't2', rank: 'a3', content: 'Second' })
const list = [first, second]
const ids = (todos: ReadonlyArray<{ id: string }>) => todos.map((todo) => todo.id)

describe('applyToTodoList', () => {
  it.each<{ name: string; scope: TodoScope; change: PlannerEventFrame; expected: string[] }>([
    {
      name: 'inserts a created todo of the week in rank order',
      scope: WEEK,
      change: { event: 'planner.todo_created', data: { ...origin, todo: aTodo({ id: 't3', rank: 'a2' }) } },
      expected: ['t1', 't3', 't2'],
    },
    {
      name: 'ignores a created todo dated outside the range',
      scope: WEEK,
      change: { event: 'planner.todo_created', data: { ...origin, todo: aTodo({ id: 't3', date: '2026-12-01' }) } },
      expected: ['t1', 't2'],
    },
    {
      name: 'puts a created todo without date into the inbox',
      scope: INBOX,
      change: { event: 'planner.todo_created', data: { ...origin, todo: aTodo({ id: 't3', date: null }) } },
      expected: ['t3'],
    },
    {
      name: 'applies the same creation twice without a duplicate',
      scope: WEEK,
      change: { event: 'planner.todo_created', data: { ...origin, todo: first } },
      expected: ['t1', 't2'],
    },
    {
      name: 'resorts a moved todo by its new rank',
      scope: WEEK,
      change: { event: 'planner.todo_moved', data: { ...origin, todo: { ...first, rank: 'a5', updatedAt: LATER } } },
      expected: ['t2', 't1'],
    },
    {
      name: 'drops a todo whose date moved out of the range',
      scope: WEEK,
      change: { event: 'planner.todo_updated', data: { ...origin, todo: { ...first, date: null, updatedAt: LATER } } },
      expected: ['t2'],
    },
    {
      name: 'removes a deleted todo',
      scope: WEEK,
      change: { event: 'planner.todo_deleted', data: { ...origin, id: 't2', categoryId: 'cat-1' } },
      expected: ['t1'],
    },
    {
      name: 'removes the todos deleted with their category and adds the moved ones',
      scope: WEEK,
      change: {
        event: 'planner.category_deleted',
        data: {
          ...origin,
          id: 'cat-1',
          deletedTodoIds: ['t1'],
          toCategoryId: 'cat-2',
          movedTodos: [aTodo({ id: 't9', categoryId: 'cat-2', rank: 'a0' })],
        },
      },
      expected: ['t9', 't2'],
    },
  ])('$name', ({ scope, change, expected }) => {
    const start = scope.kind === 'inbox' ? [] : list
    expect(ids(applyToTodoList(start, scope, change))).toEqual(expected)
  })

  it('keeps a cached todo newer than the event that arrives late', () => {
    const newer = { ...first, content: 'Renamed', updatedAt: LATER }
    const next = applyToTodoList([newer, second], WEEK, {
      event: 'planner.todo_updated',
      data: { ...origin, todo: { ...first, content: 'Old name' } },
    })
    expect(next[0]?.content).toBe('Renamed')
  })

  it('adds created subtodos to their todo in rank order, once', () => {
    const withOne = aTodo({ id: 't1', subtodos: [aSubtodo({ id: 's2', todoId: 't1', rank: 'a2' })] })
    const change: PlannerEventFrame = {
      event: 'planner.subtodos_created',
      data: {
        ...origin,
        todoId: 't1',
        subtodos: [aSubtodo({ id: 's1', todoId: 't1', rank: 'a1' }), aSubtodo({ id: 's3', todoId: 't1', rank: 'a3' })],
      },
    }
    const once = applyToTodoList([withOne, second], WEEK, change)
    const twice = applyToTodoList(once, WEEK, change)
    expect(ids(twice[0]?.subtodos ?? [])).toEqual(['s1', 's2', 's3'])
    expect(twice[1]).toBe(second)
  })
})

describe('applyToTodo', () => {
  const todo = aTodo({
    id: 't1',
    subtodos: [aSubtodo({ id: 's1', todoId: 't1', rank: 'a1' }), aSubtodo({ id: 's2', todoId: 't1', rank: 'a2' })],
  })

  it.each<{ name: string; change: PlannerEventFrame; expected: string[] | null }>([
    {
      name: 'moves a subtodo to its new rank',
      change: {
        event: 'planner.subtodo_moved',
        data: { ...origin, subtodo: aSubtodo({ id: 's1', todoId: 't1', rank: 'a3' }) },
      },
      expected: ['s2', 's1'],
    },
    {
      name: 'removes a deleted subtodo',
      change: { event: 'planner.subtodo_deleted', data: { ...origin, id: 's2', todoId: 't1' } },
      expected: ['s1'],
    },
    {
      name: 'ignores a subtodo of another todo',
      change: { event: 'planner.subtodo_deleted', data: { ...origin, id: 's2', todoId: 'other' } },
      expected: ['s1', 's2'],
    },
    {
      name: 'is gone when the todo is deleted',
      change: { event: 'planner.todo_deleted', data: { ...origin, id: 't1', categoryId: 'cat-1' } },
      expected: null,
    },
    {
      name: 'is gone when its category is deleted with its todos',
      change: {
        event: 'planner.category_deleted',
        data: { ...origin, id: 'cat-1', deletedTodoIds: ['t1'], toCategoryId: null, movedTodos: [] },
      },
      expected: null,
    },
  ])('$name', ({ change, expected }) => {
    const next = applyToTodo(todo, change)
    expect(next === null ? null : ids(next.subtodos)).toEqual(expected)
  })

  it('marks a subtodo done', () => {
    const next = applyToTodo(todo, {
      event: 'planner.subtodo_updated',
      data: { ...origin, subtodo: aSubtodo({ id: 's2', todoId: 't1', rank: 'a2', isDone: true, updatedAt: LATER }) },
    })
    expect(next?.subtodos.map((subtodo) => subtodo.isDone)).toEqual([false, true])
  })
})

describe('applyToCategories', () => {
  const categories = [aCategory({ id: 'c1', rank: 'a1' }), aCategory({ id: 'c2', rank: 'a2' })]

  it.each<{ name: string; change: PlannerEventFrame; expected: string[] }>([
    {
      name: 'adds a created category',
      change: { event: 'planner.category_created', data: { ...origin, category: aCategory({ id: 'c3', rank: 'a0' }) } },
      expected: ['c3', 'c1', 'c2'],
    },
    {
      name: 'resorts a moved category',
      change: {
        event: 'planner.category_moved',
        data: { ...origin, category: aCategory({ id: 'c1', rank: 'a3', updatedAt: LATER }) },
      },
      expected: ['c2', 'c1'],
    },
    {
      name: 'removes a deleted category',
      change: {
        event: 'planner.category_deleted',
        data: { ...origin, id: 'c1', deletedTodoIds: [], toCategoryId: null, movedTodos: [] },
      },
      expected: ['c2'],
    },
    {
      name: 'leaves the categories alone on a todo event',
      change: { event: 'planner.todo_deleted', data: { ...origin, id: 't1', categoryId: 'c1' } },
      expected: ['c1', 'c2'],
    },
  ])('$name', ({ change, expected }) => {
    expect(ids(applyToCategories(categories, change))).toEqual(expected)
  })
})

describe('helpers', () => {
  it.each([
    [null, null],
    ['a0', null],
    [null, 'a0'],
    ['a0', 'a1'],
    ['a0', 'a0V'],
    ['a0V', 'a1'],
    ['Zz', 'a0'],
  ])('rankBetween(%s, %s) sorts strictly between them', (after, before) => {
    const rank = rankBetween(after, before)
    if (after !== null) expect(rank > after).toBe(true)
    if (before !== null) expect(rank < before).toBe(true)
  })

  it('keeps the cached item when the upserted copy is older', () => {
    const newer = aCategory({ title: 'New', updatedAt: LATER })
    expect(upsertByRank([newer], aCategory({ title: 'Old' }))[0]?.title).toBe('New')
  })

  it('recognizes planner events and ignores others', () => {
    expect(toPlannerEvent({ event: 'planner.todo_deleted', data: {} })?.event).toBe('planner.todo_deleted')
    expect(toPlannerEvent({ event: 'tasks.task_changed', data: {} })).toBeNull()
  })
})
