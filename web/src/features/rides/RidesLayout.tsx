import { useTranslation } from 'react-i18next'
import { Outlet } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { PageTabs } from '../../components/ui/PageTabs.tsx'
import './rides.css'

/** Rides with its pages one tab away: ride (request), drive, history. */
export function RidesLayout() {
  const { t } = useTranslation('rides')
  usePageTitle(t('title'))
  return (
    <div>
      <h1>{t('title')}</h1>
      <PageTabs
        label={t('tabs.label')}
        tabs={[
          { to: '/rides', end: true, label: t('tabs.ride') },
          { to: '/rides/drive', label: t('tabs.drive') },
          { to: '/rides/history', label: t('tabs.history') },
        ]}
      />
      <Outlet />
    </div>
  )
}
