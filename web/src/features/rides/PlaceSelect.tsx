import { useTranslation } from 'react-i18next'
import { PRESET_PLACES } from './places.ts'

interface PlaceSelectProps {
  id: string
  label: string
  /** The chosen preset's key, or '' for none. */
  value: string
  onChange: (key: string) => void
  /** The label of a first, empty choice; without it a place is always chosen. */
  noneLabel?: string
}

/** A labelled choice among the preset places. */
export function PlaceSelect({ id, label, value, onChange, noneLabel }: PlaceSelectProps) {
  const { t } = useTranslation('rides')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {noneLabel !== undefined && <option value="">{noneLabel}</option>}
        {PRESET_PLACES.map((place) => (
          <option key={place.key} value={place.key}>
            {t(`places.${place.key}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
