import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { CategorySection } from './CategorySection.tsx'
import { groupByCategory } from './grouping.ts'
import { NewCategoryForm } from './NewCategoryForm.tsx'
import { useCategories, useInbox } from './queries.ts'

/** Todos without a date, under their categories; what is added here has no date either. */
export function InboxPage() {
  const { t } = useTranslation('planner')
  const categories = useCategories()
  const inbox = useInbox()
  const groups = groupByCategory(inbox.data ?? [])
  return (
    <div className="planner-page">
      <header className="page-head">
        <h1>{t('inbox.title')}</h1>
        <p className="page-subtitle">{t('inbox.subtitle')}</p>
      </header>
      <FormError error={categories.error ?? inbox.error} />
      {categories.isPending || inbox.isPending ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : categories.data?.length === 0 ? (
        <section className="empty-state card" aria-labelledby="inbox-empty-title">
          <h2 id="inbox-empty-title">{t('empty.title')}</h2>
          <p className="muted">{t('empty.body')}</p>
          <NewCategoryForm />
        </section>
      ) : (
        (categories.data ?? []).map((category) => (
          <CategorySection key={category.id} category={category} todos={groups.get(category.id) ?? []} date={null} />
        ))
      )}
    </div>
  )
}
