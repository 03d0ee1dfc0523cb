import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { changeLanguage } from '../lib/i18n.ts'
import { RealtimeProvider } from './realtime-context.tsx'
import { useSession } from './session-hooks.ts'

/** Pages below it need a signed-in user: others go to sign-in and come back after. */
export function RequireAuth() {
  const session = useSession()
  const location = useLocation()
  const queryClient = useQueryClient()
  const userId = session?.user.id ?? null
  const locale = session?.user.locale ?? null
  useEffect(() => {
    if (locale !== null) void changeLanguage(locale)
  }, [locale])
  // Nothing cached for one account may show for the next.
  useEffect(() => () => queryClient.clear(), [queryClient, userId])
  if (session === null) {
    const next = `${location.pathname}${location.search}`
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />
  }
  return (
    <RealtimeProvider key={session.user.id}>
      <Outlet />
    </RealtimeProvider>
  )
}
