import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import './settings.css'

/** Settings with its three pages one tab away: general, devices, feedback. */
export function SettingsLayout() {
  const { t } = useTranslation('settings')
  usePageTitle(t('title'))
  return (
    <div className="settings">
      <h1>{t('title')}</h1>
      <nav aria-label={t('tabs.label')} className="settings-tabs">
        <NavLink to="/settings" end className="settings-tab">
          {t('tabs.general')}
        </NavLink>
        <NavLink to="/settings/devices" className="settings-tab">
          {t('tabs.devices')}
        </NavLink>
        <NavLink to="/settings/feedback" className="settings-tab">
          {t('tabs.feedback')}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  )
}
