import { useTranslation } from 'react-i18next'
import { Link, matchPath, Outlet, useLocation } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { CategoriesPage } from './CategoriesPage.tsx'
import { InboxPage } from './InboxPage.tsx'
import { usePlannerLive } from './live.ts'
import { TodayPage } from './TodayPage.tsx'
import { sheetBackground } from './sheet-background.ts'
import './planner.css'

type View = 'today' | 'inbox' | 'categories'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function viewOf(pathname: string): View {
  if (pathname.startsWith('/planner/inbox')) return 'inbox'
  if (pathname.startsWith('/planner/categories')) return 'categories'
  return 'today'
}

/**
 * The planner's frame: its tabs, the current view and, over it, the todo sheet of
 * `/planner/todos/:id`. The view behind an open sheet stays mounted, so closing the sheet returns
 * to exactly where the user was. Keeps the planner live while any of its pages is open.
 */
export function PlannerLayout() {
  usePlannerLive()
  const { t } = useTranslation('planner')
  const location = useLocation()
  const isSheetOpen = matchPath('/planner/todos/:id', location.pathname) !== null
  const background = isSheetOpen
    ? (sheetBackground(location.state) ?? { pathname: '/planner', search: '' })
    : { pathname: location.pathname, search: location.search }
  const view = viewOf(background.pathname)
  const requested = new URLSearchParams(background.search).get('date')
  const date = requested !== null && DATE.test(requested) ? requested : null
  const tabs: Array<{ view: View; to: string; label: string }> = [
    { view: 'today', to: '/planner', label: t('tabs.today') },
    { view: 'inbox', to: '/planner/inbox', label: t('tabs.inbox') },
    { view: 'categories', to: '/planner/categories', label: t('tabs.categories') },
  ]
  usePageTitle(tabs.find((tab) => tab.view === view)?.label ?? null)
  return (
    <div className="planner">
      <nav className="planner-tabs" aria-label={t('tabs.label')}>
        {tabs.map((tab) => (
          <Link
            key={tab.view}
            to={tab.to}
            className={tab.view === view ? 'planner-tab is-active' : 'planner-tab'}
            aria-current={tab.view === view ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {view === 'today' && <TodayPage date={date} />}
      {view === 'inbox' && <InboxPage />}
      {view === 'categories' && <CategoriesPage />}
      <Outlet />
    </div>
  )
}
