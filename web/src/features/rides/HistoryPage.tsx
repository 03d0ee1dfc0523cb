import type { Trip } from '@madang/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSignedIn } from '../../app/session-hooks.ts'
import { FormError } from '../../components/ui/FormError.tsx'
import { LoadMoreButton } from '../../components/ui/LoadMoreButton.tsx'
import { formatInstant } from '../../lib/dates.ts'
import { formatMoney } from './format.ts'
import { useTripHistory, type TripRole } from './queries.ts'

/** My trips as rider or as driver, newest first, a page at a time. */
export function HistoryPage() {
  const { t } = useTranslation('rides')
  const [role, setRole] = useState<TripRole>('rider')
  return (
    <section aria-labelledby="ride-history-title">
      <h2 id="ride-history-title">{t('history.title')}</h2>
      <div className="ride-segmented" role="group" aria-label={t('history.roleLabel')}>
        {(['rider', 'driver'] as const).map((value) => (
          <button key={value} type="button" aria-pressed={role === value} onClick={() => setRole(value)}>
            {t(`history.role.${value}`)}
          </button>
        ))}
      </div>
      <TripList key={role} role={role} />
    </section>
  )
}

function TripList({ role }: { role: TripRole }) {
  const { t } = useTranslation()
  const history = useTripHistory(role)
  if (history.isPending) return <p>{t('loading')}</p>
  if (history.data === undefined) return <FormError error={history.error} />
  const trips = history.data.pages.flatMap((page) => page.items)
  if (trips.length === 0) return <p className="ride-muted">{t(`rides:history.empty.${role}`)}</p>
  return (
    <>
      <ul className="ride-history" data-testid="ride-history">
        {trips.map((trip) => (
          <li key={trip.id}>
            <HistoryItem trip={trip} role={role} />
          </li>
        ))}
      </ul>
      <FormError error={history.isFetchNextPageError ? history.error : null} />
      <LoadMoreButton query={history} />
    </>
  )
}

function HistoryItem({ trip, role }: { trip: Trip; role: TripRole }) {
  const { t, i18n } = useTranslation('rides')
  const { user } = useSignedIn()
  const other = role === 'rider' ? trip.driver?.displayName : trip.rider.displayName
  return (
    <Link to={`/rides/trips/${trip.id}`}>
      <span className={`ride-badge ride-badge-${trip.status}`}>{t(`status.${trip.status}`)}</span>{' '}
      <time className="ride-muted" dateTime={trip.createdAt}>
        {formatInstant(trip.createdAt, i18n.language, user.timeZone)}
      </time>
      <span className="ride-history-route">
        {t('offers.route', { from: trip.pickUp.address, to: trip.dropOff.address })}
      </span>
      <span className="ride-muted">
        {formatMoney(trip.estimate.fare, i18n.language)}
        {other !== undefined && ` · ${t(`history.with.${role}`, { name: other })}`}
        {trip.rating !== null && ` · ${t('rating.short', { count: trip.rating })}`}
      </span>
    </Link>
  )
}
