import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import './rides.css'

/** Rides with its pages one tab away: ride (request), drive, history. */
export function RidesLayout() {
  const { t } = useTranslation('rides')
  return (
    <div className="rides-page">
      <h1>{t('title')}</h1>
      <nav aria-label={t('tabs.label')} className="rides-tabs">
        <NavLink to="/rides" end className="rides-tab">
          {t('tabs.ride')}
        </NavLink>
        <NavLink to="/rides/drive" className="rides-tab">
          {t('tabs.drive')}
        </NavLink>
        <NavLink to="/rides/history" className="rides-tab">
          {t('tabs.history')}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  )
}
