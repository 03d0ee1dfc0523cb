import type { RouteObject } from 'react-router'
import { PageLoading } from '../../app/PageLoading.tsx'

const pages = () => import('./staff-pages.ts')

/** The staff area: jobs and the feedback inbox. Its code (one chunk) loads when first opened. */
export const staffRoutes: RouteObject[] = [
  {
    path: 'staff',
    lazy: async () => ({ Component: (await pages()).StaffLayout }),
    HydrateFallback: PageLoading,
    children: [
      { index: true, lazy: async () => ({ Component: (await pages()).JobsPage }) },
      { path: 'feedback', lazy: async () => ({ Component: (await pages()).FeedbackInboxPage }) },
      { path: 'feedback/:id', lazy: async () => ({ Component: (await pages()).FeedbackDetailPage }) },
    ],
  },
]
