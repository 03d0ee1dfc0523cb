import type { Trip } from '@madang/contracts'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { storeNewTrip } from './live.ts'
import { LiveRide } from './LiveRide.tsx'
import { ridesKeys, useCurrentTrip } from './queries.ts'
import { RequestRide } from './RequestRide.tsx'

/**
 * The rider's page: the open trip when there is one (live), else the request form. A finished
 * trip stays on screen (to rate it) until the rider asks for a new ride.
 */
export function RiderPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const current = useCurrentTrip('rider')
  /** undefined: follow the open trip from the server; null: the form; else that trip. */
  const [shownId, setShownId] = useState<string | null | undefined>(undefined)

  if (current.isPending) return <p>{t('loading')}</p>
  if (current.isError) return <FormError error={current.error} />
  const tripId = shownId === undefined ? (current.data?.id ?? null) : shownId

  const requested = (trip: Trip) => {
    storeNewTrip(queryClient, 'rider', trip)
    void queryClient.invalidateQueries({ queryKey: ridesKeys.history('rider') })
    setShownId(trip.id)
  }
  const done = () => {
    queryClient.setQueryData(ridesKeys.current('rider'), null)
    void queryClient.invalidateQueries({ queryKey: ridesKeys.history('rider') })
    setShownId(null)
  }
  return tripId === null ? <RequestRide onRequested={requested} /> : <LiveRide tripId={tripId} onDone={done} />
}
