import type { RouteObject } from 'react-router'

function PlannerPlaceholder() {
  return <h1>Planner</h1>
}

export const plannerRoutes: RouteObject[] = [{ path: 'planner', element: <PlannerPlaceholder /> }]
