import type { RouteObject } from 'react-router'
import { PageLoading } from '../../app/PageLoading.tsx'
import { RidesLayout } from './RidesLayout.tsx'

/**
 * The taxi app: `/rides` (ride), `/rides/drive`, `/rides/history` and one trip at `/rides/trips/:id`.
 * The pages (and Leaflet with them) load when first opened, so other sections do not carry the map.
 */
export const ridesRoutes: RouteObject[] = [
  {
    path: 'rides',
    element: <RidesLayout />,
    // A first load straight to a rides page waits for its chunk (Leaflet is the biggest) here.
    HydrateFallback: PageLoading,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./RiderPage.tsx')).RiderPage }) },
      { path: 'drive', lazy: async () => ({ Component: (await import('./DriverPage.tsx')).DriverPage }) },
      { path: 'history', lazy: async () => ({ Component: (await import('./HistoryPage.tsx')).HistoryPage }) },
      { path: 'trips/:id', lazy: async () => ({ Component: (await import('./TripPage.tsx')).TripPage }) },
    ],
  },
]
