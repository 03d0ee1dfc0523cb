import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * Names the browser tab (and what a screen reader announces on navigation) after the page:
 * "Inbox · Madang". Follows the UI language.
 */
export function usePageTitle(title: string | null): void {
  const { t } = useTranslation()
  const appName = t('appName')
  useEffect(() => {
    document.title = title === null || title === '' ? appName : `${title} · ${appName}`
  }, [title, appName])
}
