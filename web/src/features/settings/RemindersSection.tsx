import type { ReminderSettings } from '@madang/contracts'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { getReminders, saveReminders, settingsKeys } from './queries.ts'
import { Section } from './Section.tsx'
import { Button } from '../../components/ui/Button.tsx'

/** As many daily reminders as the contract allows. */
const MAX_TIMES = 6

/** The next whole hour not taken yet, as a sensible time for a new reminder. */
function nextFreeTime(times: readonly string[]): string {
  const last = [...times].sort().at(-1)
  const start = last === undefined ? 9 : Number(last.slice(0, 2)) + 1
  for (let step = 0; step < 24; step += 1) {
    const candidate = `${String((start + step) % 24).padStart(2, '0')}:00`
    if (!times.includes(candidate)) return candidate
  }
  return '12:00'
}

/** The planner's daily reminders: on or off, and at which local times. */
export function RemindersSection() {
  const { t } = useTranslation('settings')
  const reminders = useQuery({ queryKey: settingsKeys.reminders, queryFn: getReminders })
  return (
    <Section title={t('reminders.title')} description={t('reminders.description')} testId="reminders">
      {reminders.isPending && <p>{t('common:loading')}</p>}
      {reminders.isError && <FormError error={reminders.error} />}
      {reminders.data && <RemindersForm saved={reminders.data} />}
    </Section>
  )
}

function RemindersForm({ saved }: { saved: ReminderSettings }) {
  const { t } = useTranslation('settings')
  const id = useId()
  const queryClient = useQueryClient()
  const [isEnabled, setIsEnabled] = useState(saved.isEnabled)
  const [times, setTimes] = useState<string[]>(saved.times)
  const save = useMutation({
    mutationFn: saveReminders,
    onSuccess: (next) => {
      queryClient.setQueryData(settingsKeys.reminders, next)
      setIsEnabled(next.isEnabled)
      setTimes(next.times)
    },
  })
  const duplicates = times.filter((time, index) => times.indexOf(time) !== index)
  const hasBlank = times.some((time) => time === '')
  const edit = (next: string[]) => {
    save.reset()
    setTimes(next)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (duplicates.length > 0 || hasBlank) return
    save.mutate({ isEnabled, times: [...times].sort() })
  }
  return (
    <form onSubmit={submit} noValidate>
      <label className="settings-switch">
        <input
          type="checkbox"
          role="switch"
          checked={isEnabled}
          onChange={(event) => {
            save.reset()
            setIsEnabled(event.target.checked)
          }}
        />
        {t('reminders.enabled')}
      </label>
      <fieldset className="reminder-times" disabled={!isEnabled} aria-describedby={`${id}-hint`}>
        <legend>{t('reminders.times')}</legend>
        {times.length === 0 && <p className="field-hint">{t('reminders.none')}</p>}
        <ul className="reminder-list">
          {times.map((time, index) => (
            <li key={index} className="reminder-row">
              <input
                type="time"
                className="input"
                aria-label={t('reminders.timeLabel', { number: index + 1 })}
                aria-invalid={duplicates.includes(time) || time === '' ? true : undefined}
                value={time}
                step={60}
                onChange={(event) => edit(times.map((old, i) => (i === index ? event.target.value : old)))}
              />
              <button
                type="button"
                className="button button-quiet"
                aria-label={t('reminders.remove', { time })}
                onClick={() => edit(times.filter((_, i) => i !== index))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <Button
          className="button"
          isDisabled={times.length >= MAX_TIMES}
          onClick={() => edit([...times, nextFreeTime(times)])}
        >
          {t('reminders.add')}
        </Button>
        <p id={`${id}-hint`} className="field-hint">
          {t('reminders.hint', { max: MAX_TIMES })}
        </p>
        {duplicates.length > 0 && <p className="field-error">{t('reminders.duplicate')}</p>}
        {hasBlank && <p className="field-error">{t('reminders.blank')}</p>}
      </fieldset>
      <FormError error={save.error} />
      <div className="settings-actions">
        <Button type="submit" className="button button-primary" isBusy={save.isPending}>
          {t('common:actions.save')}
        </Button>
        <span className="settings-status" role="status">
          {save.isSuccess ? t('saved') : ''}
        </span>
      </div>
    </form>
  )
}
