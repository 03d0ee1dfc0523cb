import { useTranslation } from 'react-i18next'
import { Button } from './Button.tsx'

interface PagedQuery {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage(): Promise<unknown>
}

/** "Load more" under a cursor-paginated list (a TanStack infinite query); hidden on the last page. */
export function LoadMoreButton({ query }: { query: PagedQuery }) {
  const { t } = useTranslation()
  if (!query.hasNextPage) return null
  return (
    <Button className="button" isBusy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {query.isFetchingNextPage ? t('loading') : t('actions.loadMore')}
    </Button>
  )
}
