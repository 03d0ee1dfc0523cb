import { useEffect, useState } from 'react'
import { todayIn } from '../../lib/dates.ts'

/** How often "today" is looked at again: a page left open overnight moves to the new day. */
export const TODAY_CHECK_MS = 30_000

/** Today's date in `timeZone`, updated when the day changes there while the page stays open. */
export function useToday(timeZone: string): string {
  const [today, setToday] = useState(() => todayIn(timeZone))
  const [zone, setZone] = useState(timeZone)
  if (zone !== timeZone) {
    setZone(timeZone)
    setToday(todayIn(timeZone))
  }
  useEffect(() => {
    const check = () => setToday(todayIn(timeZone))
    const timer = setInterval(check, TODAY_CHECK_MS)
    // A tab woken after a night in the background should not wait for the next tick.
    document.addEventListener('visibilitychange', check)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', check)
    }
  }, [timeZone])
  return today
}
