import { useTranslation } from 'react-i18next'
import { Outlet } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { useSignedIn } from '../../app/session-hooks.ts'
import { PageTabs } from '../../components/ui/PageTabs.tsx'
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
      <PageTabs
        label={t('tabs.label')}
        tabs={[
          { to: '/staff', end: true, label: t('tabs.jobs') },
          { to: '/staff/feedback', label: t('tabs.feedback') },
        ]}
      />
      <Outlet />
    </div>
  )
}
