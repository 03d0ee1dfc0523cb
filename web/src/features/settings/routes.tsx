import type { RouteObject } from 'react-router'
import { DevicesPage } from './DevicesPage.tsx'
import { FeedbackPage } from './FeedbackPage.tsx'
import { GeneralSettingsPage } from './GeneralSettingsPage.tsx'
import { SettingsLayout } from './SettingsLayout.tsx'

export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    element: <SettingsLayout />,
    children: [
      { index: true, element: <GeneralSettingsPage /> },
      { path: 'devices', element: <DevicesPage /> },
      { path: 'feedback', element: <FeedbackPage /> },
    ],
  },
]
