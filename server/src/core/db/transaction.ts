import { AsyncLocalStorage } from 'node:async_hooks'
import type { Executor } from './index.ts'

/**
 * Transactions with after-commit effects. Inside `runTransaction`, `afterCommit(effect)` queues the
 * effect (a realtime publish, a push) until the outermost transaction commits; a rollback drops it.
 * Outside a transaction the effect runs at once.
 */
const pending = new AsyncLocalStorage<Array<() => void>>()

export async function runTransaction<T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  if (pending.getStore() !== undefined) return db.transaction(fn)
  const effects: Array<() => void> = []
  const result = await pending.run(effects, () => db.transaction(fn))
  for (const effect of effects) effect()
  return result
}

export function afterCommit(effect: () => void): void {
  const effects = pending.getStore()
  if (effects === undefined) effect()
  else effects.push(effect)
}
