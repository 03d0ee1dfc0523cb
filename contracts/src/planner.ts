import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

/**
 * The planner (OneStep): categories, todos and their subtodos, each ordered by a server-kept
 * fractional rank. Ranks compare as plain byte strings (JavaScript `<`), so a client can keep its
 * lists sorted by `rank` and apply realtime events without refetching.
 */

const Id = Type.String({ format: 'uuid' })
const Rank = Type.String({ description: 'Fractional rank; sort by it with plain string comparison' })

/** The nine colors of the app's palette; any `#RRGGBB` is accepted too. */
export const PALETTE_COLORS = ['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'gray'] as const
export const PaletteColor = Type.Union([
  Type.Literal('red'),
  Type.Literal('orange'),
  Type.Literal('yellow'),
  Type.Literal('green'),
  Type.Literal('teal'),
  Type.Literal('blue'),
  Type.Literal('indigo'),
  Type.Literal('purple'),
  Type.Literal('gray'),
])
export const CategoryColor = Type.Union([
  PaletteColor,
  Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '#RRGGBB, stored in lower case' }),
])
export type CategoryColor = Static<typeof CategoryColor>

/** A calendar date, `YYYY-MM-DD`. */
export const PlannerDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
/*
 * Nullable fields list Null first: the server coerces types (coerceTypes), and with the string
 * branch first a null would be coerced to "" and accepted as a string.
 */

/** A time of day, `HH:MM` (24 h). */
export const DueTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24 h' })

const Content = Type.String({ minLength: 1, maxLength: 255 })
const Title = Type.String({ minLength: 1, maxLength: 100 })
const Memo = Type.String({ maxLength: 2000 })

export const Category = Type.Object({
  id: Id,
  title: Type.String(),
  color: Type.String({ description: 'A palette color name or #rrggbb' }),
  rank: Rank,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Category = Static<typeof Category>

export const CategoryList = Type.Object({ items: Type.Array(Category) })
export type CategoryList = Static<typeof CategoryList>

export const CreateCategoryBody = Type.Object(
  { title: Title, color: Type.Optional(CategoryColor) },
  { additionalProperties: false },
)
export type CreateCategoryBody = Static<typeof CreateCategoryBody>

export const UpdateCategoryBody = Type.Object(
  { title: Type.Optional(Title), color: Type.Optional(CategoryColor) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>

/** What happens to a category's todos when it is deleted; without `todos`, a non-empty category is 409. */
export const DeleteCategoryQuery = Type.Object(
  {
    todos: Type.Optional(Type.Union([Type.Literal('move'), Type.Literal('delete')])),
    to: Type.Optional(Type.String({ format: 'uuid', description: 'With todos=move: the category that receives them' })),
  },
  { additionalProperties: false },
)
export type DeleteCategoryQuery = Static<typeof DeleteCategoryQuery>

/**
 * A move names the item's new neighbours: `after` is the item that will sit right above it,
 * `before` the one right below. One is enough (`{ before: first }` moves to the top, `{ after: last }`
 * to the bottom); with both, `after` must still come before `before`. With neither, the item goes to
 * the bottom (the way into an empty list).
 */
export const MoveBody = Type.Object(
  { after: Type.Optional(Id), before: Type.Optional(Id) },
  { additionalProperties: false },
)
export type MoveBody = Static<typeof MoveBody>

/** A todo's move may also change its category; the neighbours are then todos of that category. */
export const MoveTodoBody = Type.Object(
  { after: Type.Optional(Id), before: Type.Optional(Id), categoryId: Type.Optional(Id) },
  { additionalProperties: false },
)
export type MoveTodoBody = Static<typeof MoveTodoBody>

export const Subtodo = Type.Object({
  id: Id,
  todoId: Id,
  content: Type.String(),
  date: Type.Union([Type.Null(), PlannerDate]),
  isDone: Type.Boolean(),
  rank: Rank,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Subtodo = Static<typeof Subtodo>

export const SubtodoList = Type.Object({ items: Type.Array(Subtodo) })
export type SubtodoList = Static<typeof SubtodoList>

/** A todo with its subtodos in rank order. A todo without a date is in the inbox. */
export const Todo = Type.Object({
  id: Id,
  categoryId: Id,
  content: Type.String(),
  date: Type.Union([Type.Null(), PlannerDate]),
  dueTime: Type.Union([Type.Null(), DueTime]),
  isDone: Type.Boolean(),
  memo: Type.Union([Type.Null(), Type.String()]),
  rank: Type.String({ description: 'Rank within the category; sort by it with plain string comparison' }),
  subtodos: Type.Array(Subtodo),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Todo = Static<typeof Todo>

export const TodoList = Type.Object({ items: Type.Array(Todo) })
export type TodoList = Static<typeof TodoList>

export const TodoPage = Type.Object({ items: Type.Array(Todo), nextCursor: Type.Union([Type.Null(), Type.String()]) })
export type TodoPage = Static<typeof TodoPage>

/** A date range, both ends included, of at most 62 days. */
export const TodoRangeQuery = Type.Object({ from: PlannerDate, to: PlannerDate }, { additionalProperties: false })
export type TodoRangeQuery = Static<typeof TodoRangeQuery>

export const CategoryTodosQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[0-9A-Za-z]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  { additionalProperties: false },
)
export type CategoryTodosQuery = Static<typeof CategoryTodosQuery>

export const CreateTodoBody = Type.Object(
  {
    content: Content,
    categoryId: Id,
    date: Type.Optional(Type.Union([Type.Null(), PlannerDate])),
    dueTime: Type.Optional(Type.Union([Type.Null(), DueTime])),
    memo: Type.Optional(Type.Union([Type.Null(), Memo])),
    isDone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type CreateTodoBody = Static<typeof CreateTodoBody>

/** Changing `date` moves the subtodos to that date; `date: null` (to the inbox) also clears `dueTime`. */
export const UpdateTodoBody = Type.Object(
  {
    content: Type.Optional(Content),
    categoryId: Type.Optional(Id),
    date: Type.Optional(Type.Union([Type.Null(), PlannerDate])),
    dueTime: Type.Optional(Type.Union([Type.Null(), DueTime])),
    memo: Type.Optional(Type.Union([Type.Null(), Memo])),
    isDone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateTodoBody = Static<typeof UpdateTodoBody>

export const NewSubtodo = Type.Object(
  {
    content: Content,
    date: Type.Optional(Type.Union([Type.Null(), PlannerDate])),
    isDone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type NewSubtodo = Static<typeof NewSubtodo>

/** One or several subtodos, appended below the todo's others in the order given. */
export const CreateSubtodosBody = Type.Object(
  { items: Type.Array(NewSubtodo, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
)
export type CreateSubtodosBody = Static<typeof CreateSubtodosBody>

export const UpdateSubtodoBody = Type.Object(
  {
    content: Type.Optional(Content),
    date: Type.Optional(Type.Union([Type.Null(), PlannerDate])),
    isDone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateSubtodoBody = Static<typeof UpdateSubtodoBody>

/**
 * A subtodo split in place: the new subtodos go right after it, in the order given (a date left
 * out is the split subtodo's); with `replace: true` the split subtodo is deleted.
 */
export const SplitSubtodoBody = Type.Object(
  {
    items: Type.Array(NewSubtodo, { minItems: 1, maxItems: 50 }),
    replace: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
)
export type SplitSubtodoBody = Static<typeof SplitSubtodoBody>

/** Step size of an AI breakdown: coarse ≈ 2-3 h, normal ≈ 1 h (the default), fine ≈ 15-30 min. */
export const BreakdownDetail = Type.Union([Type.Literal('coarse'), Type.Literal('normal'), Type.Literal('fine')])
export type BreakdownDetail = Static<typeof BreakdownDetail>

/** Asks for an AI breakdown; without `count` the model (or the offline splitter) picks how many steps. */
export const BreakdownBody = Type.Object(
  {
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Exactly this many proposals' })),
    detail: Type.Optional(BreakdownDetail),
  },
  { additionalProperties: false },
)
export type BreakdownBody = Static<typeof BreakdownBody>

export const BreakdownProposal = Type.Object({
  content: Type.String({ minLength: 1, maxLength: 255 }),
  estimatedMinutes: Type.Integer({ minimum: 1 }),
})
export type BreakdownProposal = Static<typeof BreakdownProposal>

/**
 * The `result` of a completed `planner.breakdown` task. Nothing is saved: the client applies the
 * proposals it keeps with POST /todos/{todoId}/subtodos (a todo's breakdown) or
 * POST /subtodos/{parentId}/split (a subtodo's). `source` says whether a language model answered
 * (`model` names it) or the built-in offline splitter did (`model` is null).
 */
export const BreakdownResult = Type.Object({
  source: Type.Union([Type.Literal('llm'), Type.Literal('offline')]),
  model: Type.Union([Type.Null(), Type.String()]),
  parentType: Type.Union([Type.Literal('todo'), Type.Literal('subtodo')]),
  parentId: Id,
  /** The todo the proposals belong under: the parent itself, or the subtodo's todo. */
  todoId: Id,
  proposals: Type.Array(BreakdownProposal, { minItems: 1, maxItems: 10 }),
})
export type BreakdownResult = Static<typeof BreakdownResult>

/**
 * Realtime events on `user:<id>` after every planner change. Each carries the session that made the
 * change (`originSessionId`), so a client can skip the echo of its own request.
 */
export interface PlannerEventMap {
  'planner.category_created': { originSessionId: string; category: Category }
  'planner.category_updated': { originSessionId: string; category: Category }
  'planner.category_moved': { originSessionId: string; category: Category }
  /** The category's todos were deleted with it (`deletedTodoIds`) or moved to `toCategoryId` (`movedTodos`). */
  'planner.category_deleted': {
    originSessionId: string
    id: string
    deletedTodoIds: string[]
    toCategoryId: string | null
    movedTodos: Todo[]
  }
  'planner.todo_created': { originSessionId: string; todo: Todo }
  /** Also after a date change, which moves the subtodos along (they are in `todo.subtodos`). */
  'planner.todo_updated': { originSessionId: string; todo: Todo }
  'planner.todo_moved': { originSessionId: string; todo: Todo }
  'planner.todo_deleted': { originSessionId: string; id: string; categoryId: string }
  'planner.subtodos_created': { originSessionId: string; todoId: string; subtodos: Subtodo[] }
  'planner.subtodo_updated': { originSessionId: string; subtodo: Subtodo }
  'planner.subtodo_moved': { originSessionId: string; subtodo: Subtodo }
  'planner.subtodo_deleted': { originSessionId: string; id: string; todoId: string }
}
export type PlannerEvent = keyof PlannerEventMap

export const PLANNER_EVENTS: readonly PlannerEvent[] = [
  'planner.category_created',
  'planner.category_updated',
  'planner.category_moved',
  'planner.category_deleted',
  'planner.todo_created',
  'planner.todo_updated',
  'planner.todo_moved',
  'planner.todo_deleted',
  'planner.subtodos_created',
  'planner.subtodo_updated',
  'planner.subtodo_moved',
  'planner.subtodo_deleted',
]

const ReminderTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time HH:MM' })

/** The daily reminders: when (local times in the user's time zone) and whether at all. */
export const ReminderSettings = Type.Object(
  {
    isEnabled: Type.Boolean(),
    times: Type.Array(ReminderTime, { maxItems: 6, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type ReminderSettings = Static<typeof ReminderSettings>
