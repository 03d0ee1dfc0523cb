import type { Trip } from '@madang/contracts'
import { useTranslation } from 'react-i18next'
import { formatKm, formatMoney } from './format.ts'

/** The trip's ends, distance, fare and (once accepted) its driver, as a definition list. */
export function TripFacts({ trip, isDriverView = false }: { trip: Trip; isDriverView?: boolean }) {
  const { t, i18n } = useTranslation('rides')
  return (
    <dl className="ride-facts">
      <dt>{t('trip.pickUp')}</dt>
      <dd>{trip.pickUp.address}</dd>
      <dt>{t('trip.dropOff')}</dt>
      <dd>{trip.dropOff.address}</dd>
      <dt>{t('trip.fare')}</dt>
      <dd>
        {t('estimate.value', {
          km: formatKm(trip.estimate.distanceKm, i18n.language),
          fare: formatMoney(trip.estimate.fare, i18n.language),
        })}
      </dd>
      {isDriverView ? (
        <>
          <dt>{t('trip.rider')}</dt>
          <dd>{trip.rider.displayName}</dd>
        </>
      ) : (
        trip.driver !== null && (
          <>
            <dt>{t('trip.driver')}</dt>
            <dd data-testid="ride-driver">{trip.driver.displayName}</dd>
            <dt>{t('trip.vehicle')}</dt>
            <dd>{t('trip.vehicleValue', { vehicle: trip.driver.vehicle, plate: trip.driver.plate })}</dd>
          </>
        )
      )}
    </dl>
  )
}
