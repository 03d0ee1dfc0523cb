import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { filterTimeZones, supportedTimeZones, timeZoneLabel, toOptions, type TimeZoneOption } from './time-zones.ts'

interface TimeZoneSelectProps {
  value: string
  onChange: (timeZone: string) => void
  /** A localized message shown under the list (e.g. the server refused the zone). */
  error?: string
  /** The zones to offer; every zone the browser knows by default. */
  zones?: readonly string[]
}

/** A list of time zones with a search box above it that narrows the list as one types. */
export function TimeZoneSelect({ value, onChange, error, zones }: TimeZoneSelectProps) {
  const { t } = useTranslation('settings')
  const id = useId()
  const [query, setQuery] = useState('')
  // Labelling every zone with its offset costs tens of milliseconds: once, not on every choice.
  const known = useMemo(() => toOptions(zones ?? supportedTimeZones()), [zones])
  const options = useMemo(
    () => (known.some((option) => option.id === value) ? known : withOption(known, value)),
    [known, value],
  )
  const shown = useMemo(() => filterTimeZones(options, query), [options, query])
  const selected = options.find((option) => option.id === value)
  return (
    <div className="field">
      <label htmlFor={`${id}-search`}>{t('timeZone.search')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={query}
        autoComplete="off"
        placeholder={t('timeZone.searchPlaceholder')}
        aria-controls={`${id}-list`}
        onChange={(event) => setQuery(event.target.value)}
      />
      <label htmlFor={`${id}-list`}>{t('timeZone.list')}</label>
      <select
        id={`${id}-list`}
        size={7}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-status${error ? ` ${id}-error` : ''}`}
        onChange={(event) => onChange(event.target.value)}
      >
        {shown.map((option) => (
          <option key={option.id} value={option.id}>
            {timeZoneLabel(option)}
          </option>
        ))}
      </select>
      <p id={`${id}-status`} className="field-hint" aria-live="polite">
        {shown.length === 0 ? t('timeZone.noMatch') : t('timeZone.matches', { count: shown.length })}{' '}
        {t('timeZone.selected', { zone: selected ? timeZoneLabel(selected) : value })}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}

/** The list with `zone` in its place, e.g. a saved alias the browser does not list. */
function withOption(options: readonly TimeZoneOption[], zone: string): TimeZoneOption[] {
  return [...options, ...toOptions([zone])].sort((a, b) => a.id.localeCompare(b.id))
}
