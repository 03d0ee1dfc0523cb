import type { Trip } from '@madang/contracts'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatKm } from './format.ts'
import { distanceKm, etaMinutes } from './geo.ts'
import { storeTrip, useLiveTrip, type LiveTrip } from './live.ts'
import { runTripAction } from './queries.ts'
import { RatingForm } from './RatingForm.tsx'
import { RideMap } from './RideMap.tsx'
import { TripFacts } from './TripFacts.tsx'
import { targetOf, tripShapes } from './trip-map.ts'
import { Button } from '../../components/ui/Button.tsx'

interface LiveRideProps {
  tripId: string
  /** Leaves a finished trip for a new request. */
  onDone: () => void
}

/** The rider's trip as it happens: status, the driver's moving marker and ETA, cancel, rating. */
export function LiveRide({ tripId, onDone }: LiveRideProps) {
  const { t } = useTranslation()
  const live = useLiveTrip(tripId)
  const trip = live.detail?.trip
  const shapes = useMemo(
    () => (trip === undefined ? { markers: [], lines: [] } : tripShapes(t, trip, live.driver)),
    [t, trip, live.driver],
  )
  if (trip === undefined) {
    return live.error ? <FormError error={live.error} /> : <p>{t('loading')}</p>
  }
  return (
    <div className="rides-grid">
      <div>
        <RideMap
          label={t('rides:map.tripLabel')}
          markers={shapes.markers}
          lines={shapes.lines}
          fitKey={`${trip.id}:${trip.status}:${live.driver !== null}`}
        />
      </div>
      <RiderStatusCard trip={trip} live={live} onDone={onDone} />
    </div>
  )
}

function RiderStatusCard({ trip, live, onDone }: { trip: Trip; live: LiveTrip; onDone: () => void }) {
  const { t, i18n } = useTranslation('rides')
  const queryClient = useQueryClient()
  const cancel = useMutation({
    mutationFn: () => runTripAction(trip.id, 'cancel'),
    onSuccess: (updated) => storeTrip(queryClient, updated),
  })
  const target = targetOf(trip)
  const driverName = trip.driver?.displayName ?? ''
  const canCancel = trip.status === 'REQUESTED' || trip.status === 'STARTED'
  const isFinished = trip.status === 'COMPLETED' || trip.status === 'CANCELLED'

  let eta: string | null = null
  if (target !== null) {
    if (live.driver === null) eta = t('live.waitingForPosition')
    else {
      const km = distanceKm(live.driver, target)
      eta = t('live.eta', { km: formatKm(km, i18n.language), count: etaMinutes(km, live.driver.speed) })
    }
  }

  return (
    <section className="card" aria-labelledby="ride-status-title" data-testid="ride-status" data-status={trip.status}>
      <div role="status" aria-live="polite">
        <h2 id="ride-status-title" className="ride-status-title">
          {t(`live.title.${trip.status}`, { driver: driverName, address: trip.dropOff.address })}
        </h2>
        {trip.status === 'REQUESTED' && live.search !== null && (
          <p className="ride-status-detail" data-testid="ride-widened">
            {live.search.isMaxRadius
              ? t('live.widenedMax', { km: formatKm(live.search.radiusKm, i18n.language) })
              : t('live.widened', { km: formatKm(live.search.radiusKm, i18n.language) })}
          </p>
        )}
      </div>
      {eta !== null && (
        <p className="ride-status-detail" data-testid="ride-eta">
          {eta}
        </p>
      )}
      <TripFacts trip={trip} />
      {trip.status === 'COMPLETED' && <RatingForm trip={trip} />}
      <FormError error={cancel.error} />
      <div className="ride-actions">
        {canCancel && (
          <Button className="button button-danger" isBusy={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('live.cancel')}
          </Button>
        )}
        {isFinished && (
          <button type="button" className="button" onClick={onDone}>
            {t('live.newRide')}
          </button>
        )}
      </div>
    </section>
  )
}
