/**
 * Every query on the planner's tables. Each function takes the executor (database or transaction)
 * first and filters by the owner, so a row of another user is simply not found.
 */
export * from './breakdown.ts'
export * from './categories.ts'
export * from './ranked.ts'
export * from './subtodos.ts'
export * from './todos.ts'
export * from './reminders.ts'
