import type { Todo } from '@madang/contracts'

/** Todos of `todos` per category id, each list in rank order (the cache keeps them so). */
export function groupByCategory(todos: readonly Todo[]): Map<string, Todo[]> {
  const groups = new Map<string, Todo[]>()
  for (const todo of todos) {
    const group = groups.get(todo.categoryId)
    if (group === undefined) groups.set(todo.categoryId, [todo])
    else group.push(todo)
  }
  return groups
}
