import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { I18nextProvider } from 'react-i18next'
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router'
import { authRoutes } from '../features/auth/routes.tsx'
import { registerPlannerChanges } from '../features/planner/mutations.ts'
import { plannerRoutes } from '../features/planner/routes.tsx'
import { ridesRoutes } from '../features/rides/routes.tsx'
import { settingsRoutes } from '../features/settings/routes.tsx'
import { staffRoutes } from '../features/staff/routes.tsx'
import { ApiError } from '../lib/api.ts'
import { i18n } from '../lib/i18n.ts'
import { connectOnlineManager, guardWaitingChanges, MUTATION_QUEUE_SCOPE } from '../lib/offline.ts'
import { persistWaitingChanges } from '../lib/offline-persist.ts'
import { followNotificationClicks } from '../lib/push.ts'
import { AppShell } from './AppShell.tsx'
import { RequireAuth } from './RequireAuth.tsx'

function createQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again; network trouble and 5xx may.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
      // Changes made offline wait (paused) and are sent in order when the server is reachable again.
      mutations: { networkMode: 'online', scope: { id: MUTATION_QUEUE_SCOPE } },
    },
  })
  registerPlannerChanges(queryClient)
  return queryClient
}

connectOnlineManager()

const router = createBrowserRouter([
  ...authRoutes,
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to="/planner" replace /> },
          ...plannerRoutes,
          ...ridesRoutes,
          ...settingsRoutes,
          ...staffRoutes,
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
])

export function App() {
  const [queryClient] = useState(createQueryClient)
  // The planner's waiting changes survive a closed page and are sent first when it is next opened;
  // what the closed page showed of them is gone, so everything is asked again once they are sent.
  useEffect(
    () => persistWaitingChanges(queryClient, { onReplayed: () => void queryClient.invalidateQueries() }),
    [queryClient],
  )
  useEffect(() => guardWaitingChanges(queryClient), [queryClient])
  // A clicked notification shows its page here, without a reload (see public/sw.js).
  useEffect(() => followNotificationClicks((path) => void router.navigate(path)), [])
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>
  )
}
