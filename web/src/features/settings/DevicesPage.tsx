import type { Device } from '@madang/contracts'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatInstant } from '../../lib/dates.ts'
import { setSession } from '../../lib/session.ts'
import { defaultDeviceName } from '../auth/device.ts'
import { ConfirmDialog } from './ConfirmDialog.tsx'
import { listDevices, revokeDevice, settingsKeys } from './queries.ts'
import { Section } from './Section.tsx'
import { Button } from '../../components/ui/Button.tsx'

function deviceTitle(device: Device): string {
  return device.deviceName ?? (device.userAgent ? defaultDeviceName(device.userAgent) : (device.platform ?? '—'))
}

/** The user's signed-in devices; any of them can be signed out, this one too. */
export function DevicesPage() {
  const { t, i18n } = useTranslation('settings')
  const { user } = useSignedIn()
  const queryClient = useQueryClient()
  const devices = useQuery({ queryKey: settingsKeys.devices, queryFn: listDevices })
  const [pending, setPending] = useState<Device | null>(null)
  const list = useRef<HTMLUListElement>(null)
  // The dialog gives the focus back to the button that opened it; a signed-out device's button is
  // about to go, so the list takes the focus instead (after the dialog's own, in the same commit).
  const isRefocusing = useRef(false)
  useEffect(() => {
    if (!isRefocusing.current) return
    isRefocusing.current = false
    list.current?.focus()
  })
  const revoke = useMutation({
    mutationFn: (device: Device) => revokeDevice(device.id),
    onSuccess: async (_, device) => {
      isRefocusing.current = !device.isCurrent
      setPending(null)
      // This device's session is gone on the server: end it here too (RequireAuth shows sign-in).
      if (device.isCurrent) setSession(null)
      else await queryClient.invalidateQueries({ queryKey: settingsKeys.devices })
    },
  })
  const when = (iso: string) => formatInstant(iso, i18n.language, user.timeZone)
  return (
    <Section title={t('devices.title')} description={t('devices.description')} testId="devices">
      <div className="settings-actions">
        <Button className="button" onClick={() => void devices.refetch()} isBusy={devices.isFetching}>
          {t('refresh')}
        </Button>
      </div>
      {devices.isPending && <p>{t('common:loading')}</p>}
      {devices.isError && <FormError error={devices.error} />}
      {devices.data && (
        <ul className="device-list" aria-label={t('devices.title')} ref={list} tabIndex={-1}>
          {devices.data.map((device) => (
            <li key={device.id} className="device" data-testid="device" data-current={device.isCurrent}>
              <div className="device-main">
                <p className="device-name">
                  {deviceTitle(device)}
                  {device.isCurrent && <span className="badge badge-current">{t('devices.thisDevice')}</span>}
                </p>
                <p className="device-meta">
                  {t('devices.lastUsed', { when: when(device.lastUsedAt) })}
                  <span aria-hidden="true"> · </span>
                  {t('devices.signedIn', { when: when(device.createdAt) })}
                  {device.ipAddress && (
                    <>
                      <span aria-hidden="true"> · </span>
                      {device.ipAddress}
                    </>
                  )}
                </p>
              </div>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  revoke.reset()
                  setPending(device)
                }}
                aria-label={t('devices.revokeNamed', { name: deviceTitle(device) })}
              >
                {t('devices.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        isOpen={pending !== null}
        title={t('devices.confirmTitle')}
        confirmLabel={t('devices.revoke')}
        isPending={revoke.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && revoke.mutate(pending)}
      >
        <p>
          {pending?.isCurrent
            ? t('devices.confirmCurrent')
            : t('devices.confirmOther', { name: pending ? deviceTitle(pending) : '' })}
        </p>
        <FormError error={revoke.error} />
      </ConfirmDialog>
    </Section>
  )
}
