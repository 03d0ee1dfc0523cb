import { useTranslation } from 'react-i18next'
import { Outlet } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { PageTabs } from '../../components/ui/PageTabs.tsx'
import './settings.css'

/** Settings with its three pages one tab away: general, devices, feedback. */
export function SettingsLayout() {
  const { t } = useTranslation('settings')
  usePageTitle(t('title'))
  return (
    <div className="settings">
      <h1>{t('title')}</h1>
      <PageTabs
        label={t('tabs.label')}
        tabs={[
          { to: '/settings', end: true, label: t('tabs.general') },
          { to: '/settings/devices', label: t('tabs.devices') },
          { to: '/settings/feedback', label: t('tabs.feedback') },
        ]}
      />
      <Outlet />
    </div>
  )
}
