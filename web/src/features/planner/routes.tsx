import type { RouteObject } from 'react-router'
import { PageLoading } from '../../app/PageLoading.tsx'

const pages = () => import('./planner-pages.ts')

/**
 * The planner's pages. The layout shows the day view (`/planner?date=`), the inbox or the
 * categories; `/planner/todos/:id` opens a todo's sheet over them (push notifications link there).
 * Its code (and drag and drop with it) loads when first opened, so sign-in does not carry it; the
 * layout is the page here, so it loads lazily too.
 */
export const plannerRoutes: RouteObject[] = [
  {
    path: 'planner',
    lazy: async () => ({ Component: (await pages()).PlannerLayout }),
    HydrateFallback: PageLoading,
    children: [
      { index: true, element: null },
      { path: 'inbox', element: null },
      { path: 'categories', element: null },
      { path: 'todos/:id', lazy: async () => ({ Component: (await pages()).TodoSheet }) },
    ],
  },
]
