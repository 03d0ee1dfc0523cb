import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { useLiveTrip } from './live.ts'
import { RatingForm } from './RatingForm.tsx'
import { RideMap } from './RideMap.tsx'
import { TripFacts } from './TripFacts.tsx'
import { tripShapes } from './trip-map.ts'

/** One trip of mine: its ends, the route the driver took, its status and (for the rider) the rating. */
export function TripPage() {
  const { t } = useTranslation('rides')
  const { id = '' } = useParams()
  const { user } = useSignedIn()
  const live = useLiveTrip(id)
  const detail = live.detail
  const shapes = useMemo(
    () => (detail === undefined ? { markers: [], lines: [] } : tripShapes(t, detail.trip, live.driver, detail.route)),
    [t, detail, live.driver],
  )
  if (detail === undefined) {
    return live.error ? <FormError error={live.error} /> : <p>{t('common:loading')}</p>
  }
  const { trip } = detail
  const isRider = trip.rider.id === user.id
  return (
    <div className="rides-grid">
      <div>
        <RideMap label={t('map.tripLabel')} markers={shapes.markers} lines={shapes.lines} fitKey={trip.id} />
      </div>
      <section className="card" aria-labelledby="ride-trip-detail-title">
        <h2 id="ride-trip-detail-title">{t('detail.title')}</h2>
        <p>
          <span className={`ride-badge ride-badge-${trip.status}`}>{t(`status.${trip.status}`)}</span>
        </p>
        <TripFacts trip={trip} isDriverView={!isRider} />
        {isRider && trip.status === 'COMPLETED' && <RatingForm trip={trip} />}
        {!isRider && trip.rating !== null && <p>{t('rating.short', { count: trip.rating })}</p>}
        <p>
          <Link to="/rides/history">{t('detail.back')}</Link>
        </p>
      </section>
    </div>
  )
}
