/** Pure decisions of the daily reminders: where a moment falls in a time zone, and which slot is due. */

export const DEFAULT_REMINDER_TIMES = ['08:00', '14:00', '20:00'] as const

/** How late a slot may still fire (the cron runs every minute; a late or missed run catches up). */
export const SLOT_WINDOW_MINUTES = 10

/** The local date (YYYY-MM-DD) and time (HH:MM) of `at` in `timeZone`. */
export function localMoment(at: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00'
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` }
}

/** The latest slot in `times` that started at most SLOT_WINDOW_MINUTES before `time`, if any. */
export function dueSlot(time: string, times: readonly string[]): string | null {
  const minutes = toMinutes(time)
  const due = times
    .filter((slot) => {
      const age = minutes - toMinutes(slot)
      return age >= 0 && age < SLOT_WINDOW_MINUTES
    })
    .sort()
  return due.at(-1) ?? null
}

function toMinutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** Normalizes a list of HH:MM times: sorted, without duplicates. */
export function normalizeTimes(times: readonly string[]): string[] {
  return [...new Set(times)].sort()
}
