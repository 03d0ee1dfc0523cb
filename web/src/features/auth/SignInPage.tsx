import type { AuthResult, SignInBody } from '@madang/contracts'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { usePageTitle } from '../../app/page-title.ts'
import { useSession } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { request } from '../../lib/api.ts'
import { fieldMessages } from '../../lib/errors.ts'
import { startSession } from '../../lib/session.ts'
import { defaultDeviceName, safeNext } from './device.ts'
import { Button } from '../../components/ui/Button.tsx'

export function SignInPage() {
  const { t } = useTranslation('auth')
  const session = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [deviceName, setDeviceName] = useState(() => defaultDeviceName(navigator.userAgent))
  usePageTitle(t('signIn.title'))
  const signIn = useMutation({
    mutationFn: (body: SignInBody) =>
      request<AuthResult>('/api/accounts/signin', { method: 'POST', body, anonymous: true }),
    onSuccess: (result) => {
      startSession(result)
      void navigate(next, { replace: true })
    },
  })
  if (session !== null && !signIn.isSuccess) return <Navigate to={next} replace />
  const fields = fieldMessages(t, signIn.error)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    signIn.mutate({ login, password, deviceName: deviceName || undefined, platform: 'web' })
  }
  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <TextField
          label={t('fields.login')}
          name="login"
          autoComplete="username"
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          error={fields.login}
        />
        <TextField
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        <TextField
          label={t('fields.deviceName')}
          name="deviceName"
          hint={t('fields.deviceNameHint')}
          value={deviceName}
          onChange={(e) => setDeviceName(e.target.value)}
          error={fields.deviceName}
        />
        <FormError error={signIn.error} />
        <Button type="submit" className="button button-primary" isBusy={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </Button>
        <p className="auth-switch">
          {t('signIn.noAccount')} <Link to={`/signup?next=${encodeURIComponent(next)}`}>{t('signUp.title')}</Link>
        </p>
      </form>
    </main>
  )
}
