import type { RouteObject } from 'react-router'
import { PageLoading } from '../../app/PageLoading.tsx'

const pages = () => import('./settings-pages.ts')

/** Settings: general, devices and feedback. Their code (one chunk) loads when first opened. */
export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    lazy: async () => ({ Component: (await pages()).SettingsLayout }),
    HydrateFallback: PageLoading,
    children: [
      { index: true, lazy: async () => ({ Component: (await pages()).GeneralSettingsPage }) },
      { path: 'devices', lazy: async () => ({ Component: (await pages()).DevicesPage }) },
      { path: 'feedback', lazy: async () => ({ Component: (await pages()).FeedbackPage }) },
    ],
  },
]
