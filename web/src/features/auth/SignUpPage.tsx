import type { AuthResult, SignUpBody } from '@madang/contracts'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { useSession } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { request } from '../../lib/api.ts'
import { browserTimeZone } from '../../lib/dates.ts'
import { fieldMessages } from '../../lib/errors.ts'
import { i18n, type Language } from '../../lib/i18n.ts'
import { startSession } from '../../lib/session.ts'
import { defaultDeviceName, safeNext } from './device.ts'
import { Button } from '../../components/ui/Button.tsx'

export function SignUpPage() {
  const { t } = useTranslation('auth')
  const session = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const [form, setForm] = useState({ email: '', username: '', password: '', displayName: '' })
  usePageTitle(t('signUp.title'))
  const signUp = useMutation({
    mutationFn: (body: SignUpBody) =>
      request<AuthResult>('/api/accounts/signup', { method: 'POST', body, anonymous: true }),
    onSuccess: (result) => {
      startSession(result)
      void navigate(next, { replace: true })
    },
  })
  if (session !== null && !signUp.isSuccess) return <Navigate to={next} replace />
  const fields = fieldMessages(t, signUp.error)
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    signUp.mutate({
      email: form.email,
      username: form.username,
      password: form.password,
      displayName: form.displayName || undefined,
      locale: i18n.language as Language,
      timeZone: browserTimeZone(),
      deviceName: defaultDeviceName(navigator.userAgent),
      platform: 'web',
    })
  }
  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="signup-title">
        <h1 id="signup-title">{t('signUp.title')}</h1>
        <TextField
          label={t('fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set('email')}
          error={fields.email}
        />
        <TextField
          label={t('fields.username')}
          name="username"
          autoComplete="username"
          required
          value={form.username}
          onChange={set('username')}
          error={fields.username}
          hint={t('fields.usernameHint')}
        />
        <TextField
          label={t('fields.displayName')}
          name="displayName"
          autoComplete="name"
          value={form.displayName}
          onChange={set('displayName')}
          error={fields.displayName}
        />
        <TextField
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
          error={fields.password}
          hint={t('fields.passwordHint')}
        />
        <FormError error={signUp.error} />
        <Button type="submit" className="button button-primary" isBusy={signUp.isPending}>
          {signUp.isPending ? t('signUp.submitting') : t('signUp.submit')}
        </Button>
        <p className="auth-switch">
          {t('signUp.haveAccount')} <Link to={`/signin?next=${encodeURIComponent(next)}`}>{t('signIn.title')}</Link>
        </p>
      </form>
    </main>
  )
}
