import { useTranslation } from 'react-i18next'
import { addDays, formatDate, weekOf } from '../../lib/dates.ts'

interface WeekStripProps {
  /** The selected date, `YYYY-MM-DD`; the strip shows its Monday-to-Sunday week. */
  selected: string
  /** Today in the user's time zone. */
  today: string
  /** Open todos per date, shown as a dot under the day. */
  openCounts?: Readonly<Record<string, number>>
  onSelect: (date: string) => void
}

/** The week of the selected day, with buttons to the previous and next week and back to today. */
export function WeekStrip({ selected, today, openCounts = {}, onSelect }: WeekStripProps) {
  const { t, i18n } = useTranslation('planner')
  const locale = i18n.language
  const days = weekOf(selected)
  const first = days[0] ?? selected
  const last = days[6] ?? selected
  const isThisWeek = days.includes(today)
  return (
    <nav className="week-strip" aria-label={t('week.label')}>
      <button
        type="button"
        className="icon-button week-step"
        aria-label={t('week.previous')}
        onClick={() => onSelect(addDays(selected, -7))}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <ol
        className="week-days"
        aria-label={t('week.range', {
          from: formatDate(first, locale, { month: 'long', day: 'numeric' }),
          to: formatDate(last, locale, { month: 'long', day: 'numeric' }),
        })}
      >
        {days.map((day) => {
          const isSelected = day === selected
          const isToday = day === today
          const open = openCounts[day] ?? 0
          const classes = ['week-day', isSelected && 'is-selected', isToday && 'is-today'].filter(Boolean).join(' ')
          const shortName = formatDate(day, locale, { weekday: 'short' })
          const number = formatDate(day, locale, { day: 'numeric' }).replace(/\D/g, '')
          // The name starts with what the button shows ("Tue 24"), so a person using voice control can
          // say what they see (WCAG 2.5.3), then gives the whole date for screen readers.
          const name = [
            `${shortName} ${number}`,
            formatDate(day, locale, { weekday: 'long', month: 'long', day: 'numeric' }),
            isToday ? t('week.today') : null,
            open > 0 ? t('week.open', { count: open }) : null,
          ]
          return (
            <li key={day}>
              <button
                type="button"
                className={classes}
                aria-pressed={isSelected}
                aria-current={isToday ? 'date' : undefined}
                aria-label={name.filter((part) => part !== null).join(', ')}
                onClick={() => onSelect(day)}
              >
                <span className="week-day-name" aria-hidden="true">
                  {shortName}
                </span>{' '}
                <span className="week-day-number" aria-hidden="true">
                  {number}
                </span>
                <span className={open > 0 ? 'week-day-dot has-open' : 'week-day-dot'} aria-hidden="true" />
              </button>
            </li>
          )
        })}
      </ol>
      <button
        type="button"
        className="icon-button week-step"
        aria-label={t('week.next')}
        onClick={() => onSelect(addDays(selected, 7))}
      >
        <span aria-hidden="true">›</span>
      </button>
      {!isThisWeek && (
        <button type="button" className="button button-quiet week-today" onClick={() => onSelect(today)}>
          {t('week.backToToday')}
        </button>
      )}
    </nav>
  )
}
