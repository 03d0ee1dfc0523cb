import type { EstimateBody, Trip } from '@madang/contracts'
import { useMutation } from '@tanstack/react-query'
import { useMemo, useReducer, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { formatKm, formatMoney } from './format.ts'
import {
  EMPTY_PICK,
  formatCoords,
  nextEnd,
  pickReducer,
  toPlace,
  type PickAction,
  type PickEnd,
  type PickState,
} from './pick-state.ts'
import { PRESET_PLACES, findPreset } from './places.ts'
import { PlaceSelect } from './PlaceSelect.tsx'
import { RideMap, type MapLine, type MapMarker } from './RideMap.tsx'
import { requestTrip, useEstimate } from './queries.ts'
import { Button } from '../../components/ui/Button.tsx'

/** Pick-up and drop-off from the map, a preset place or a typed address; the estimate; the request. */
export function RequestRide({ onRequested }: { onRequested: (trip: Trip) => void }) {
  const { t, i18n } = useTranslation('rides')
  const [pick, dispatch] = useReducer(pickReducer, EMPTY_PICK)
  const pickUp = toPlace(pick.pickUp)
  const dropOff = toPlace(pick.dropOff)
  const body: EstimateBody | null =
    pickUp !== null && dropOff !== null
      ? { pickUp: { lat: pickUp.lat, lng: pickUp.lng }, dropOff: { lat: dropOff.lat, lng: dropOff.lng } }
      : null
  const estimate = useEstimate(body)
  const mutation = useMutation({
    mutationFn: () => {
      if (pickUp === null || dropOff === null) throw new Error('both ends are needed')
      return requestTrip({ pickUp, dropOff })
    },
    onSuccess: onRequested,
  })

  const markers = useMemo(
    () =>
      (['pickUp', 'dropOff'] as const).flatMap((end): MapMarker[] => {
        const { address, coords } = pick[end]
        if (coords === null) return []
        return [
          {
            id: end,
            kind: end,
            position: coords,
            label: t(`map.${end}`, { address: address || formatCoords(coords) }),
          },
        ]
      }),
    [pick, t],
  )
  const lines = useMemo<MapLine[]>(
    () =>
      pick.pickUp.coords !== null && pick.dropOff.coords !== null
        ? [{ id: 'trip', kind: 'trip', points: [pick.pickUp.coords, pick.dropOff.coords] }]
        : [],
    [pick],
  )
  const fitKey = markers.map((marker) => `${marker.position.lat},${marker.position.lng}`).join('|')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (body !== null) mutation.mutate()
  }

  return (
    <div className="rides-grid">
      <div>
        <RideMap
          label={t('map.pickerLabel')}
          markers={markers}
          lines={lines}
          onPick={(coords) => dispatch({ type: 'click', coords })}
          pickCenterLabel={t(`request.pickCenter.${nextEnd(pick)}`)}
          fitKey={fitKey}
        />
      </div>
      <form className="card" onSubmit={submit} aria-labelledby="ride-request-title">
        <h2 id="ride-request-title">{t('request.title')}</h2>
        <p className="ride-hint" data-testid="ride-pick-hint">
          {body !== null ? t('request.hintDone') : t(`request.hint.${nextEnd(pick)}`)}
        </p>
        <EndFields end="pickUp" pick={pick} dispatch={dispatch} />
        <EndFields end="dropOff" pick={pick} dispatch={dispatch} />
        <div className="ride-estimate" aria-live="polite" data-testid="ride-estimate">
          {body === null ? (
            <span className="ride-muted">{t('estimate.needBoth')}</span>
          ) : estimate.data !== undefined ? (
            <>
              {t('estimate.label')}{' '}
              <strong>
                {t('estimate.value', {
                  km: formatKm(estimate.data.distanceKm, i18n.language),
                  fare: formatMoney(estimate.data.fare, i18n.language),
                })}
              </strong>
            </>
          ) : estimate.isError ? (
            <FormError error={estimate.error} />
          ) : (
            <span className="ride-muted">{t('estimate.loading')}</span>
          )}
        </div>
        <FormError error={mutation.error} />
        <div className="ride-actions">
          <Button
            type="submit"
            className="button button-primary"
            isBusy={mutation.isPending}
            isDisabled={body === null}
          >
            {t('request.submit')}
          </Button>
          <button type="button" className="button" onClick={() => dispatch({ type: 'reset' })}>
            {t('request.reset')}
          </button>
        </div>
      </form>
    </div>
  )
}

interface EndFieldsProps {
  end: PickEnd
  pick: PickState
  dispatch: (action: PickAction) => void
}

function EndFields({ end, pick, dispatch }: EndFieldsProps) {
  const { t } = useTranslation('rides')
  const point = pick[end]
  const selected =
    PRESET_PLACES.find(
      (place) =>
        point.coords !== null &&
        place.lat === point.coords.lat &&
        place.lng === point.coords.lng &&
        point.address === t(`places.${place.key}`),
    )?.key ?? ''
  return (
    <fieldset className="ride-end">
      <legend>{t(`trip.${end}`)}</legend>
      <PlaceSelect
        id={`ride-${end}-preset`}
        label={t(`request.preset.${end}`)}
        noneLabel={t('request.preset.none')}
        value={selected}
        onChange={(key) => {
          const place = findPreset(key)
          if (place !== undefined) {
            dispatch({
              type: 'place',
              end,
              address: t(`places.${place.key}`),
              coords: { lat: place.lat, lng: place.lng },
            })
          }
        }}
      />
      <TextField
        label={t(`request.address.${end}`)}
        value={point.address}
        maxLength={255}
        autoComplete="off"
        onChange={(event) => dispatch({ type: 'address', end, address: event.target.value })}
      />
      <p className="ride-coords" data-testid={`ride-${end}-coords`}>
        {point.coords === null ? t('request.noCoords') : t('request.coords', { coords: formatCoords(point.coords) })}
      </p>
    </fieldset>
  )
}
