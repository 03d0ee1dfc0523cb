/**
 * Calendar dates (`YYYY-MM-DD`) and times in the user's time zone. The planner's dates are plain
 * calendar days; "today" is today where the user is, not where the browser's clock says.
 */

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Adds days to a `YYYY-MM-DD` date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  const next = new Date(Date.UTC(year, month - 1, day + days))
  return next.toISOString().slice(0, 10)
}

/** The Monday-to-Sunday week holding `date`. */
export function weekOf(date: string): string[] {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
  const monday = addDays(date, -weekday)
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

/** Formats a calendar date for display in `locale` (`{ weekday: 'short', day: 'numeric' }` etc.). */
export function formatDate(date: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  )
}

/** Formats a wall-clock time (`HH:MM`, as due times are kept) the way `locale` writes times: "2:30 PM", "오후 2:30". */
export function formatTime(time: string, locale: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number)
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, hour, minute)),
  )
}

/** Formats an instant (ISO timestamp) in the user's time zone and locale. */
export function formatInstant(
  iso: string,
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(new Date(iso))
}

/** The browser's own IANA time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}
