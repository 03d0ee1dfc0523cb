import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useSignedIn } from '../../app/session-hooks.ts'
import { formatDate, weekOf } from '../../lib/dates.ts'
import { CategoryBoard } from './CategoryBoard.tsx'
import { useTodosInRange } from './queries.ts'
import { useToday } from './use-today.ts'
import { WeekStrip } from './WeekStrip.tsx'

/** One day of the planner: the week strip, then the day's todos under their categories. */
export function TodayPage({ date }: { date: string | null }) {
  const { t, i18n } = useTranslation('planner')
  const { user } = useSignedIn()
  const navigate = useNavigate()
  const today = useToday(user.timeZone)
  const selected = date ?? today
  const week = weekOf(selected)
  const todos = useTodosInRange(week[0] ?? selected, week[6] ?? selected)
  const openCounts: Record<string, number> = {}
  for (const todo of todos.data ?? []) {
    if (todo.date !== null && !todo.isDone) openCounts[todo.date] = (openCounts[todo.date] ?? 0) + 1
  }
  const select = (next: string) =>
    void navigate(next === today ? '/planner' : `/planner?date=${next}`, { replace: true })
  const fullDate = formatDate(selected, i18n.language, { weekday: 'long', month: 'long', day: 'numeric' })
  return (
    <div className="planner-page">
      <header className="page-head">
        <h1>{selected === today ? t('today.title') : fullDate}</h1>
        {selected === today && <p className="page-subtitle">{fullDate}</p>}
      </header>
      <WeekStrip selected={selected} today={today} openCounts={openCounts} onSelect={select} />
      <CategoryBoard todos={todos} date={selected} />
    </div>
  )
}
