import { useTranslation } from 'react-i18next'
import { errorMessage } from '../../lib/errors.ts'

/** A failed request as one localized sentence, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation()
  if (error === null || error === undefined) return null
  return (
    <p className="form-error" role="alert" data-testid="form-error">
      {errorMessage(t, error)}
    </p>
  )
}
