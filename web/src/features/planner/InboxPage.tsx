import { useTranslation } from 'react-i18next'
import { CategoryBoard } from './CategoryBoard.tsx'
import { useInbox } from './queries.ts'

/** Todos without a date, under their categories; what is added here has no date either. */
export function InboxPage() {
  const { t } = useTranslation('planner')
  const inbox = useInbox()
  return (
    <div className="planner-page">
      <header className="page-head">
        <h1>{t('inbox.title')}</h1>
        <p className="page-subtitle">{t('inbox.subtitle')}</p>
      </header>
      <CategoryBoard todos={inbox} date={null} />
    </div>
  )
}
