import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A page whose code arrives sooner than this shows (and announces) nothing while it loads. */
const QUIET_MS = 500

/**
 * Stands in for a lazily loaded section while its code loads on the first page load (the router's
 * HydrateFallback; later navigations keep the current page until the next one is ready, as rides
 * does). The status region is there from the start and empty, so "Loading…" is announced only
 * when it appears, and only a slow load shows it: a fast one does not flash.
 */
export function PageLoading() {
  const { t } = useTranslation()
  const [isSlow, setIsSlow] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setIsSlow(true), QUIET_MS)
    return () => clearTimeout(timer)
  }, [])
  return (
    <p className="muted" role="status" data-testid="page-loading">
      {isSlow ? t('loading') : null}
    </p>
  )
}
