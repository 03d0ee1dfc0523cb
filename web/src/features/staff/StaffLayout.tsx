import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { useSignedIn } from '../../app/session-hooks.ts'
import '../settings/settings.css'
import './staff.css'

/** The staff area: jobs and the feedback inbox; everyone else is told it is not for them. */
export function StaffLayout() {
  const { t } = useTranslation('staff')
  const { user } = useSignedIn()
  usePageTitle(t('title'))
  if (!user.roles.includes('staff')) {
    return (
      <div className="card staff-denied" data-testid="staff-denied">
        <h1>{t('title')}</h1>
        <p role="alert">{t('notAllowed')}</p>
      </div>
    )
  }
  return (
    <div className="staff">
      <h1>{t('title')}</h1>
      <nav aria-label={t('tabs.label')} className="settings-tabs">
        <NavLink to="/staff" end className="settings-tab">
          {t('tabs.jobs')}
        </NavLink>
        <NavLink to="/staff/feedback" className="settings-tab">
          {t('tabs.feedback')}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  )
}
