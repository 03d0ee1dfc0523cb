import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { browserTimeZone } from '../../lib/dates.ts'
import { fieldMessages } from '../../lib/errors.ts'
import { updateUser } from '../../lib/session.ts'
import { updateMe } from './queries.ts'
import { Section } from './Section.tsx'
import { TimeZoneSelect } from './TimeZoneSelect.tsx'
import { Button } from '../../components/ui/Button.tsx'

/** The zone "today" and reminder times are counted in; saved to the profile. */
export function TimeZoneSection() {
  const { t } = useTranslation('settings')
  const { user } = useSignedIn()
  const [timeZone, setTimeZone] = useState(user.timeZone)
  const save = useMutation({
    mutationFn: (zone: string) => updateMe({ timeZone: zone }),
    onSuccess: updateUser,
  })
  const browserZone = browserTimeZone()
  const fields = fieldMessages(t, save.error)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(timeZone)
  }
  return (
    <Section title={t('timeZone.title')} description={t('timeZone.description')}>
      <form onSubmit={submit} noValidate>
        <TimeZoneSelect
          value={timeZone}
          onChange={(zone) => {
            save.reset()
            setTimeZone(zone)
          }}
          error={fields.timeZone}
        />
        <FormError error={save.error} />
        <div className="settings-actions">
          <Button
            type="submit"
            className="button button-primary"
            isBusy={save.isPending}
            isDisabled={timeZone === user.timeZone}
          >
            {t('common:actions.save')}
          </Button>
          {browserZone !== timeZone && (
            <button type="button" className="button" onClick={() => setTimeZone(browserZone)}>
              {t('timeZone.useBrowser', { zone: browserZone })}
            </button>
          )}
          <span className="settings-status" role="status">
            {save.isSuccess && timeZone === user.timeZone ? t('saved') : ''}
          </span>
        </div>
      </form>
    </Section>
  )
}
