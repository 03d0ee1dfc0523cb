import type { RouteObject } from 'react-router'
import { PlannerLayout } from './PlannerLayout.tsx'
import { TodoSheet } from './TodoSheet.tsx'

/**
 * The planner's pages. The layout shows the day view (`/planner?date=`), the inbox or the
 * categories; `/planner/todos/:id` opens a todo's sheet over them (push notifications link there).
 */
export const plannerRoutes: RouteObject[] = [
  {
    path: 'planner',
    element: <PlannerLayout />,
    children: [
      { index: true, element: null },
      { path: 'inbox', element: null },
      { path: 'categories', element: null },
      { path: 'todos/:id', element: <TodoSheet /> },
    ],
  },
]
