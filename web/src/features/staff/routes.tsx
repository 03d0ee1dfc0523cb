import type { RouteObject } from 'react-router'
import { FeedbackDetailPage } from './FeedbackDetailPage.tsx'
import { FeedbackInboxPage } from './FeedbackInboxPage.tsx'
import { JobsPage } from './JobsPage.tsx'
import { StaffLayout } from './StaffLayout.tsx'

export const staffRoutes: RouteObject[] = [
  {
    path: 'staff',
    element: <StaffLayout />,
    children: [
      { index: true, element: <JobsPage /> },
      { path: 'feedback', element: <FeedbackInboxPage /> },
      { path: 'feedback/:id', element: <FeedbackDetailPage /> },
    ],
  },
]
