import type { LatLng, Trip } from '@madang/contracts'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { formatKm } from './format.ts'
import { distanceKm } from './geo.ts'
import { storeTrip } from './live.ts'
import { runTripAction, type TripAction } from './queries.ts'
import { TripFacts } from './TripFacts.tsx'
import { targetOf } from './trip-map.ts'
import { Button } from '../../components/ui/Button.tsx'

const NEXT_ACTION: Partial<Record<Trip['status'], TripAction>> = { STARTED: 'pick-up', IN_PROGRESS: 'complete' }

interface DriverTripCardProps {
  trip: Trip
  /** Where the driver is now, when known. */
  position: LatLng | null
  onBack: () => void
  onWithdrawn: () => void
}

/** The trip in the driver's hands, with the course's buttons: drive to drop-off, complete; or withdraw. */
export function DriverTripCard({ trip, position, onBack, onWithdrawn }: DriverTripCardProps) {
  const { t, i18n } = useTranslation('rides')
  const queryClient = useQueryClient()
  const action = useMutation({
    mutationFn: (next: TripAction) => runTripAction(trip.id, next),
    onSuccess: (updated, next) => {
      storeTrip(queryClient, updated)
      if (next === 'withdraw') onWithdrawn()
    },
  })
  const next = NEXT_ACTION[trip.status]
  const target = targetOf(trip)
  const isFinished = trip.status === 'COMPLETED' || trip.status === 'CANCELLED'
  return (
    <section
      className="card"
      aria-labelledby="ride-trip-title"
      data-testid="ride-driver-trip"
      data-status={trip.status}
    >
      <div role="status" aria-live="polite">
        <h2 id="ride-trip-title" className="ride-status-title">
          {t(`driving.title.${trip.status}`, { address: trip.pickUp.address })}
        </h2>
      </div>
      {target !== null && position !== null && (
        <p className="ride-status-detail" data-testid="ride-driver-distance">
          {t('driving.distance', { km: formatKm(distanceKm(position, target), i18n.language) })}
        </p>
      )}
      <TripFacts trip={trip} isDriverView />
      <FormError error={action.error} />
      <div className="ride-actions">
        {next !== undefined && (
          <Button className="button button-primary" isBusy={action.isPending} onClick={() => action.mutate(next)}>
            {t(`driving.action.${next}`)}
          </Button>
        )}
        {trip.status === 'COMPLETED' && (
          <button type="button" className="button" disabled>
            {t('driving.completed')}
          </button>
        )}
        {trip.status === 'STARTED' && (
          <Button className="button button-danger" isBusy={action.isPending} onClick={() => action.mutate('withdraw')}>
            {t('driving.action.withdraw')}
          </Button>
        )}
        {isFinished && (
          <button type="button" className="button" onClick={onBack}>
            {t('driving.back')}
          </button>
        )}
      </div>
    </section>
  )
}
