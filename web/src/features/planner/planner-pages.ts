// The planner's lazily loaded code, one chunk: its routes (routes.tsx) import it when first opened.
export { PlannerLayout } from './PlannerLayout.tsx'
export { TodoSheet } from './TodoSheet.tsx'
