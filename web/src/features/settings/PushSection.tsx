import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { disablePush, enablePush, isPushEnabled, pushSupport } from '../../lib/push.ts'
import { Section } from './Section.tsx'

const PUSH_KEY = ['push', 'enabled'] as const

/** Push notifications on this device: on or off, and what the browser allows. */
export function PushSection() {
  const { t } = useTranslation('settings')
  const queryClient = useQueryClient()
  // Permission changes only through our own prompt while the page is open; read it again after.
  const [support, setSupport] = useState(pushSupport)
  const enabled = useQuery({ queryKey: PUSH_KEY, queryFn: isPushEnabled, enabled: support !== 'unsupported' })
  const toggle = useMutation({
    mutationFn: (turnOn: boolean) => (turnOn ? enablePush() : disablePush()),
    onSettled: async () => {
      setSupport(pushSupport())
      await queryClient.invalidateQueries({ queryKey: PUSH_KEY })
    },
  })
  const isOn = enabled.data === true
  // aria-disabled, not disabled: a disabled switch would lose the focus of the keyboard user who flipped it.
  const isBusy = toggle.isPending || enabled.isPending
  return (
    <Section title={t('push.title')} description={t('push.description')} testId="push">
      <p className="settings-push-state" data-testid="push-permission" data-state={support}>
        {t(`push.permission.${support}`)}
      </p>
      {support === 'denied' && <p className="field-hint">{t('push.howToAllow')}</p>}
      {support !== 'unsupported' && support !== 'denied' && (
        <label className="settings-switch">
          <input
            type="checkbox"
            role="switch"
            checked={isOn}
            aria-disabled={isBusy || undefined}
            aria-busy={isBusy || undefined}
            onChange={(event) => {
              if (!isBusy) toggle.mutate(event.target.checked)
            }}
          />
          {t('push.toggle')}
        </label>
      )}
      <FormError error={toggle.error} />
    </Section>
  )
}
