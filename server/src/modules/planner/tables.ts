import {
  boolean,
  customType,
  date,
  foreignKey,
  index,
  pgSchema,
  text,
  time,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'

export const planner = pgSchema('planner')

/**
 * A handle on accounts.users for the foreign keys only. It is not exported, so drizzle-kit does
 * not take it for a table of this module, and the module keeps to the accounts module's public API.
 */
const accountUsers = pgSchema('accounts').table('users', { id: uuid('id').primaryKey() })

/**
 * A fractional rank. COLLATE "C" makes the database order ranks byte by byte, the way the rank
 * generator (and every client, with plain `<`) compares them, whatever the database's locale.
 */
const rank = customType<{ data: string; notNull: true }>({ dataType: () => 'text COLLATE "C"' })

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}

/** A user's categories, ranked per user. */
export const categories = planner.table(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => accountUsers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    color: text('color').notNull(),
    rank: rank('rank').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('categories_user_rank_key').on(t.userId, t.rank),
    // The target of the todos' (category, user) key: a todo can only ever sit in its owner's category.
    unique('categories_id_user_key').on(t.id, t.userId),
  ],
)

/**
 * Todos, ranked per category. `date` null means the inbox. The composite key to categories makes
 * a todo in another user's category impossible, whatever the service does; deleting a category
 * that still has todos is refused here too (the service decides what happens to them first).
 */
export const todos = planner.table(
  'todos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => accountUsers.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull(),
    content: text('content').notNull(),
    date: date('date', { mode: 'string' }),
    dueTime: time('due_time'),
    isDone: boolean('is_done').notNull().default(false),
    memo: text('memo'),
    rank: rank('rank').notNull(),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'todos_category_fkey',
      columns: [t.categoryId, t.userId],
      foreignColumns: [categories.id, categories.userId],
    }).onDelete('restrict'),
    unique('todos_category_rank_key').on(t.categoryId, t.rank),
    unique('todos_id_user_key').on(t.id, t.userId),
    index('todos_user_date_idx').on(t.userId, t.date),
  ],
)

/** Subtodos, ranked per todo; they go when their todo goes. */
export const subtodos = planner.table(
  'subtodos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    todoId: uuid('todo_id').notNull(),
    content: text('content').notNull(),
    date: date('date', { mode: 'string' }),
    isDone: boolean('is_done').notNull().default(false),
    rank: rank('rank').notNull(),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'subtodos_todo_fkey',
      columns: [t.todoId, t.userId],
      foreignColumns: [todos.id, todos.userId],
    }).onDelete('cascade'),
    unique('subtodos_todo_rank_key').on(t.todoId, t.rank),
  ],
)

/**
 * When each user last started an AI breakdown: the per-user cooldown is settled on this row by one
 * conditional upsert, so concurrent requests from one user cannot both pass.
 */
export const breakdownUsage = planner.table('breakdown_usage', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => accountUsers.id, { onDelete: 'cascade' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
})

export type CategoryRow = typeof categories.$inferSelect
export type TodoRow = typeof todos.$inferSelect
export type SubtodoRow = typeof subtodos.$inferSelect

/** When a user wants the daily reminders (local times in their time zone); no row = the defaults. */
export const reminderSettings = planner.table('reminder_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => accountUsers.id, { onDelete: 'cascade' }),
  isEnabled: boolean('is_enabled').notNull().default(true),
  times: text('times').array().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/** One row per reminder sent, so a slot fires once per user and local day however often the cron runs. */
export const remindersSent = planner.table(
  'reminders_sent',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => accountUsers.id, { onDelete: 'cascade' }),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    slot: text('slot').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('reminders_sent_key').on(t.userId, t.localDate, t.slot)],
)
