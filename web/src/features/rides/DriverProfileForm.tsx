import type { DriverProfile } from '@madang/contracts'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { fieldMessages } from '../../lib/errors.ts'
import { ridesKeys, saveDriverProfile } from './queries.ts'
import { Button } from '../../components/ui/Button.tsx'

/** The driver's vehicle and plate: creates the driver profile, or changes it. */
export function DriverProfileForm({ profile }: { profile: DriverProfile | null }) {
  const { t } = useTranslation('rides')
  const queryClient = useQueryClient()
  const [vehicle, setVehicle] = useState(profile?.vehicle ?? '')
  const [plate, setPlate] = useState(profile?.plate ?? '')
  const mutation = useMutation({
    mutationFn: () => saveDriverProfile({ vehicle, plate }),
    onSuccess: (saved) => queryClient.setQueryData(ridesKeys.driver(), saved),
  })
  const fields = fieldMessages(t, mutation.error)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    mutation.mutate()
  }
  return (
    <form onSubmit={submit}>
      <TextField
        label={t('driver.vehicle')}
        hint={t('driver.vehicleHint')}
        value={vehicle}
        required
        maxLength={100}
        onChange={(event) => setVehicle(event.target.value)}
        error={fields.vehicle}
      />
      <TextField
        label={t('driver.plate')}
        hint={t('driver.plateHint')}
        value={plate}
        required
        maxLength={20}
        onChange={(event) => setPlate(event.target.value)}
        error={fields.plate}
      />
      <FormError error={mutation.error} />
      <Button type="submit" className="button button-primary" isBusy={mutation.isPending}>
        {t('driver.save')}
      </Button>
    </form>
  )
}
