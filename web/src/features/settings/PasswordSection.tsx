import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { fieldMessages } from '../../lib/errors.ts'
import { changePassword } from './queries.ts'
import { Section } from './Section.tsx'
import { Button } from '../../components/ui/Button.tsx'

/** A new password, after the current one; the server signs out the user's other devices. */
export function PasswordSection() {
  const { t } = useTranslation('settings')
  const { user } = useSignedIn()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrentPassword('')
      setNewPassword('')
    },
  })
  const fields = fieldMessages(t, change.error)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    change.mutate({ currentPassword, newPassword })
  }
  return (
    <Section title={t('password.title')} description={t('password.description')} testId="password">
      <form onSubmit={submit} noValidate>
        {/* Lets password managers tie the new password to the right account. */}
        <input type="text" name="username" autoComplete="username" value={user.username} hidden readOnly />
        <TextField
          label={t('password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          error={fields.currentPassword}
        />
        <TextField
          label={t('password.new')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint={t('password.newHint')}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          error={fields.newPassword}
        />
        <FormError error={change.error} />
        <div className="settings-actions">
          <Button type="submit" className="button button-primary" isBusy={change.isPending}>
            {change.isPending ? t('password.submitting') : t('password.submit')}
          </Button>
          <span className="settings-status" role="status">
            {change.isSuccess ? t('password.done') : ''}
          </span>
        </div>
      </form>
    </Section>
  )
}
