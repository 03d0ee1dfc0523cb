import type { Trip } from '@madang/contracts'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { LiveRide } from './LiveRide.tsx'
import { ridesKeys, useCurrentTrip, useRidesConfig } from './queries.ts'
import { RequestRide } from './RequestRide.tsx'

/**
 * The rider's page: the open trip when there is one (live), else the request form. A finished
 * trip stays on screen (to rate it) until the rider asks for a new ride.
 */
export function RiderPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const config = useRidesConfig()
  const current = useCurrentTrip('rider')
  /** undefined: follow the open trip from the server; null: the form; else that trip. */
  const [shownId, setShownId] = useState<string | null | undefined>(undefined)
  const tileUrl = config.data?.mapTileUrl ?? null

  if (current.isPending) return <p>{t('loading')}</p>
  if (current.isError) return <FormError error={current.error} />
  const tripId = shownId === undefined ? (current.data?.id ?? null) : shownId

  const requested = (trip: Trip) => {
    queryClient.setQueryData(ridesKeys.current('rider'), trip)
    queryClient.setQueryData(ridesKeys.trip(trip.id), { trip, route: [] })
    void queryClient.invalidateQueries({ queryKey: ridesKeys.history('rider') })
    setShownId(trip.id)
  }
  const done = () => {
    queryClient.setQueryData(ridesKeys.current('rider'), null)
    void queryClient.invalidateQueries({ queryKey: ridesKeys.history('rider') })
    setShownId(null)
  }
  return tripId === null ? (
    <RequestRide tileUrl={tileUrl} onRequested={requested} />
  ) : (
    <LiveRide tripId={tripId} tileUrl={tileUrl} onDone={done} />
  )
}
