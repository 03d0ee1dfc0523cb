import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { request } from '../lib/api.ts'
import { useIsOnline, useUnsavedChangeCount, useWaitingChangeCount } from '../lib/offline.ts'
import { setSession } from '../lib/session.ts'
import { NAV_ENTRIES } from './modules.ts'
import { useConnectionStatus } from './realtime-context.tsx'
import { useSignedIn } from './session-hooks.ts'

/**
 * Signs this device out on the server (best effort) and forgets the session here. Never rejects:
 * offline, or with a session the server already ended, signing out here is all there is to do.
 */
export async function signOut(): Promise<void> {
  try {
    await request('/api/accounts/signout', { method: 'POST' })
  } catch {
    // best effort, see above
  } finally {
    setSession(null)
  }
}

/**
 * Shown while the server cannot be reached (the browser is offline, or the socket failed): says
 * how many changes made here wait to be sent when the connection is back.
 */
export function OfflineBanner() {
  const { t } = useTranslation('offline')
  const isOnline = useIsOnline()
  const waiting = useWaitingChangeCount()
  // Stored changes are sent by the next page too; only the others need this one kept open.
  const unsaved = useUnsavedChangeCount()
  if (isOnline) return null
  const keepOpen = unsaved > 0 ? ` ${t('banner.keepOpen')}` : ''
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner" data-waiting={waiting}>
      {waiting === 0 ? t('banner.offline') : `${t('banner.waiting', { count: waiting })}${keepOpen}`}
    </div>
  )
}

/** The frame of every signed-in page: navigation, connection indicator, offline banner. */
export function AppShell() {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const status = useConnectionStatus()
  // Offline as lib/offline.ts sees it (browser offline, or the socket failed) wins over the socket's own state.
  const shown = useIsOnline() ? status : 'offline'
  const isStaff = user.roles.includes('staff')
  const entries = NAV_ENTRIES.filter((entry) => !entry.isStaffOnly || isStaff)
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <span className="brand">{t('appName')}</span>
        <nav aria-label={t('shell.navigation')} className="shell-nav">
          {entries.map((entry) => (
            <NavLink key={entry.path} to={entry.path} className="nav-link">
              <span aria-hidden="true" className="nav-icon">
                {entry.icon}
              </span>
              <span className="nav-label">{t(entry.labelKey)}</span>
            </NavLink>
          ))}
        </nav>
        <span
          className={`connection connection-${shown}`}
          role="status"
          data-testid="connection-status"
          data-status={shown}
        >
          <span aria-hidden="true" className="connection-dot" />
          <span className="connection-label">{t(`connection.${shown}`)}</span>
        </span>
        <button type="button" className="button button-quiet" onClick={() => void signOut()}>
          {t('shell.signOut')}
        </button>
      </header>
      <OfflineBanner />
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  )
}
