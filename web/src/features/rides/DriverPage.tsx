import type { DriverProfile } from '@madang/contracts'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { ApiError } from '../../lib/api.ts'
import { formatKm, formatMoney } from './format.ts'
import { dropOffer, useNearbyOffers } from './offers.ts'
import { formatCoords } from './pick-state.ts'
import { storeNewTrip, useLiveTrip } from './live.ts'
import { useLocationSharing, type LocationMode } from './location-sharing.ts'
import { SEOUL_CENTER, findPreset } from './places.ts'
import { PlaceSelect } from './PlaceSelect.tsx'
import {
  goOffline,
  goOnline,
  isOpenStatus,
  ridesKeys,
  runTripAction,
  useCurrentTrip,
  useDriverProfile,
  useRidesConfig,
} from './queries.ts'
import { RideMap, type MapLine, type MapMarker } from './RideMap.tsx'
import { ToastRegion, useToasts } from './Toasts.tsx'
import { DriverProfileForm } from './DriverProfileForm.tsx'
import { DriverTripCard } from './DriverTripCard.tsx'
import { targetOf, tripShapes } from './trip-map.ts'
import { Button } from '../../components/ui/Button.tsx'

/** Codes after which an offer cannot be accepted any more: it leaves the list. */
const GONE_CODES = new Set(['rides.trip_taken', 'rides.trip_not_found', 'rides.invalid_transition', 'rides.own_trip'])

/** The driver's page: the vehicle first, then online/offline, offers nearby, the trip in hand. */
export function DriverPage() {
  const { t } = useTranslation()
  const profile = useDriverProfile()
  if (profile.isPending) return <p>{t('loading')}</p>
  if (profile.isError) return <FormError error={profile.error} />
  if (profile.data === null) {
    return (
      <section className="card" aria-labelledby="ride-driver-new">
        <h2 id="ride-driver-new">{t('rides:driver.becomeTitle')}</h2>
        <p className="ride-hint">{t('rides:driver.becomeHint')}</p>
        <DriverProfileForm profile={null} />
      </section>
    )
  }
  return <DriverConsole profile={profile.data} />
}

function DriverConsole({ profile }: { profile: DriverProfile }) {
  const { t, i18n } = useTranslation('rides')
  const queryClient = useQueryClient()
  const config = useRidesConfig()
  const current = useCurrentTrip('driver')
  const [shownId, setShownId] = useState<string | null | undefined>(undefined)
  const tripId = shownId === undefined ? (current.data?.id ?? null) : shownId
  const live = useLiveTrip(tripId)
  const trip = live.detail?.trip ?? null
  const isTripOpen = trip !== null && isOpenStatus(trip.status) && trip.driver?.id === profile.userId
  const target = trip !== null && isTripOpen ? targetOf(trip) : null
  const [mode, setMode] = useState<LocationMode>('simulate')
  const [startKey, setStartKey] = useState('cityHall')
  const start = findPreset(startKey) ?? SEOUL_CENTER
  const sharing = useLocationSharing({
    isSharing: profile.isOnline || isTripOpen,
    mode,
    intervalMs: config.data?.locationIntervalMs ?? 1000,
    start,
    target,
  })
  const { toasts, show } = useToasts()

  const offers = useNearbyOffers({
    isOnline: profile.isOnline,
    position: sharing.position,
    onOffered: (offer) =>
      show(
        t('offers.toast', {
          rider: offer.trip.rider.displayName,
          address: offer.trip.pickUp.address,
          km: formatKm(offer.distanceKm, i18n.language),
        }),
      ),
  })

  const online = useMutation({
    mutationFn: (isGoingOnline: boolean) => (isGoingOnline ? goOnline(sharing.position ?? {}) : goOffline()),
    onSuccess: (saved) => {
      queryClient.setQueryData(ridesKeys.driver(), saved)
      if (!saved.isOnline) queryClient.removeQueries({ queryKey: ridesKeys.nearby() })
    },
  })

  const accept = useMutation({
    mutationFn: (id: string) => runTripAction(id, 'accept'),
    onSuccess: (accepted) => {
      dropOffer(queryClient, accepted.id)
      storeNewTrip(queryClient, 'driver', accepted)
      setShownId(accepted.id)
    },
    onError: (error, id) => {
      if (error instanceof ApiError && GONE_CODES.has(error.code)) dropOffer(queryClient, id)
    },
  })

  const backToOffers = () => {
    queryClient.setQueryData(ridesKeys.current('driver'), null)
    void queryClient.invalidateQueries({ queryKey: ridesKeys.nearby() })
    void queryClient.invalidateQueries({ queryKey: ridesKeys.history('driver') })
    accept.reset()
    setShownId(null)
  }

  const shapes = useMemo(() => {
    const markers: MapMarker[] = []
    const lines: MapLine[] = []
    if (trip !== null) {
      const own = tripShapes(t, trip, null)
      markers.push(...own.markers)
      lines.push(...own.lines)
      if (target !== null && sharing.position !== null) {
        lines.push({ id: 'approach', kind: 'approach', points: [sharing.position, target] })
      }
    } else {
      for (const offer of offers.data?.items ?? []) {
        markers.push({
          id: `offer-${offer.trip.id}`,
          kind: 'offer',
          position: offer.trip.pickUp,
          label: t('map.offer', { address: offer.trip.pickUp.address }),
        })
      }
    }
    if (sharing.position !== null) {
      markers.push({ id: 'driver', kind: 'driver', position: sharing.position, label: t('map.me') })
    }
    return { markers, lines }
  }, [t, trip, target, offers.data, sharing.position])
  const fitKey = [trip?.id ?? 'none', trip?.status ?? '', startKey, mode, offers.data?.items.length ?? 0].join(':')

  return (
    <div className="rides-grid">
      <div>
        <RideMap label={t('map.driverLabel')} markers={shapes.markers} lines={shapes.lines} fitKey={fitKey} />
      </div>
      <div>
        <section className="card" aria-labelledby="ride-driver-title">
          <h2 id="ride-driver-title">{t('driver.title')}</h2>
          <p>
            {t('driver.vehicleLine', { vehicle: profile.vehicle, plate: profile.plate })}{' '}
            <span className={profile.isOnline ? 'ride-online' : 'ride-offline'} data-testid="ride-online-state">
              {profile.isOnline ? t('driver.online') : t('driver.offline')}
            </span>
          </p>
          <fieldset className="ride-end">
            <legend>{t('location.legend')}</legend>
            <div className="ride-radio-row">
              {(['simulate', 'device'] as const).map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="ride-location-mode"
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                  />
                  {t(`location.mode.${value}`)}
                </label>
              ))}
            </div>
            {mode === 'simulate' && (
              <PlaceSelect id="ride-sim-start" label={t('location.start')} value={startKey} onChange={setStartKey} />
            )}
            <p className="ride-coords" data-testid="ride-my-position">
              {sharing.position === null
                ? t('location.unknown')
                : t('location.at', { coords: formatCoords(sharing.position) })}
            </p>
            {sharing.problem !== null && (
              <p className="form-error" role="alert">
                {t(`location.errors.${sharing.problem}`)}
              </p>
            )}
          </fieldset>
          <FormError error={online.error} />
          <div className="ride-actions">
            <Button
              className={`button${profile.isOnline ? '' : ' button-primary'}`}
              isBusy={online.isPending}
              onClick={() => online.mutate(!profile.isOnline)}
            >
              {profile.isOnline ? t('driver.goOffline') : t('driver.goOnline')}
            </Button>
          </div>
          <details>
            <summary>{t('driver.edit')}</summary>
            <DriverProfileForm profile={profile} />
          </details>
        </section>
        {trip !== null ? (
          <DriverTripCard trip={trip} position={sharing.position} onBack={backToOffers} onWithdrawn={backToOffers} />
        ) : (
          <section className="card" aria-labelledby="ride-offers-title">
            <h2 id="ride-offers-title">{t('offers.title')}</h2>
            <FormError error={accept.error} />
            {!profile.isOnline ? (
              <p className="ride-muted">{t('offers.offline')}</p>
            ) : offers.isError ? (
              <FormError error={offers.error} />
            ) : (offers.data?.items.length ?? 0) === 0 ? (
              <p className="ride-muted">{offers.isPending ? t('offers.loading') : t('offers.none')}</p>
            ) : (
              <ul className="ride-offers" data-testid="ride-offers">
                {offers.data?.items.map((offer) => (
                  <li key={offer.trip.id} className="ride-offer" data-testid="ride-offer">
                    <strong id={`ride-offer-${offer.trip.id}`}>{offer.trip.rider.displayName}</strong>{' '}
                    <span className="ride-muted">
                      {t('offers.away', { km: formatKm(offer.distanceKm, i18n.language) })}
                    </span>
                    <p className="ride-offer-route">
                      {t('offers.route', { from: offer.trip.pickUp.address, to: offer.trip.dropOff.address })}
                    </p>
                    <p className="ride-muted">
                      {t('estimate.value', {
                        km: formatKm(offer.trip.estimate.distanceKm, i18n.language),
                        fare: formatMoney(offer.trip.estimate.fare, i18n.language),
                      })}
                    </p>
                    <Button
                      className="button button-primary"
                      isBusy={accept.isPending}
                      onClick={() => accept.mutate(offer.trip.id)}
                      aria-describedby={`ride-offer-${offer.trip.id}`}
                    >
                      {t('offers.accept')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
      <ToastRegion toasts={toasts} />
    </div>
  )
}
