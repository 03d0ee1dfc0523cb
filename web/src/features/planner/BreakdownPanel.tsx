import {
  TASK_CHANGED_EVENT,
  type BreakdownDetail,
  type BreakdownProposal,
  type BreakdownResult,
  type Task,
  type Todo,
} from '@madang/contracts'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { useChannel, useConnectionStatus } from '../../app/realtime-context.tsx'
import { FormError } from '../../components/ui/FormError.tsx'
import { BreakdownReview } from './BreakdownReview.tsx'
import { isTaskFinished, plannerKeys, useTask } from './queries.ts'
import { useRequestBreakdown } from './mutations.ts'

function isProposal(value: unknown): value is BreakdownProposal {
  return (
    typeof value === 'object' &&
    value !== null &&
    'content' in value &&
    typeof value.content === 'string' &&
    'estimatedMinutes' in value &&
    typeof value.estimatedMinutes === 'number'
  )
}

/** The proposals of a completed breakdown task, or null when its result is not one. */
function breakdownProposals(task: Task): BreakdownProposal[] | null {
  const result = task.result as Partial<BreakdownResult> | null
  if (result === null || typeof result !== 'object' || !Array.isArray(result.proposals)) return null
  const proposals: unknown[] = result.proposals
  return proposals.every(isProposal) ? proposals : null
}

function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value && 'progress' in value
}

/**
 * "Break down": asks for AI-proposed steps, follows the background task (its realtime changes,
 * polling while the socket is down), then lets the user pick which proposals become subtodos.
 */
export function BreakdownPanel({ todo }: { todo: Todo }) {
  const { t } = useTranslation('planner')
  const detailId = useId()
  const section = useRef<HTMLElement>(null)
  const queryClient = useQueryClient()
  const isLive = useConnectionStatus() === 'online'
  const [taskId, setTaskId] = useState<string | null>(null)
  const [detail, setDetail] = useState<BreakdownDetail>('normal')
  const start = useRequestBreakdown()
  const task = useTask(taskId, isLive)
  useChannel('user', {
    onEvent: (frame) => {
      if (frame.event !== TASK_CHANGED_EVENT || !isTask(frame.data) || frame.data.id !== taskId) return
      queryClient.setQueryData(plannerKeys.task(frame.data.id), frame.data)
    },
  })
  const reset = () => {
    setTaskId(null)
    start.reset()
  }
  const ask = () => start.mutate({ todoId: todo.id, body: { detail } }, { onSuccess: (ref) => setTaskId(ref.taskId) })

  const current = task.data
  const isWorking = start.isPending || (taskId !== null && !isTaskFinished(current))
  const proposals = current?.state === 'completed' ? breakdownProposals(current) : null
  // A finished task without usable proposals (failed, cancelled, or an answer we cannot read) failed.
  const phase =
    taskId === null && !start.isPending ? 'start' : isWorking ? 'working' : proposals !== null ? 'review' : 'failed'
  useFocusKeptIn(section, phase)

  return (
    <section className="breakdown" aria-labelledby={`${detailId}-title`} ref={section}>
      <h3 id={`${detailId}-title`} tabIndex={-1}>
        {t('breakdown.title')}
      </h3>
      {phase === 'start' && (
        <div className="breakdown-start">
          <p className="muted small">{t('breakdown.intro')}</p>
          <div className="breakdown-controls">
            <label htmlFor={detailId} className="visually-hidden">
              {t('breakdown.detail')}
            </label>
            <select
              id={detailId}
              className="input"
              value={detail}
              onChange={(event) => setDetail(event.target.value as BreakdownDetail)}
            >
              <option value="coarse">{t('breakdown.detailCoarse')}</option>
              <option value="normal">{t('breakdown.detailNormal')}</option>
              <option value="fine">{t('breakdown.detailFine')}</option>
            </select>
            <button type="button" className="button button-primary" onClick={ask} data-focus-target="">
              <span aria-hidden="true">✦</span> {t('breakdown.start')}
            </button>
          </div>
          <FormError error={start.error} />
        </div>
      )}
      {phase === 'working' && (
        <div className="breakdown-progress" role="status" data-testid="breakdown-progress">
          <span>{t('breakdown.working')}</span>
          <progress max={100} value={current?.progress ?? 0} aria-label={t('breakdown.working')} />
        </div>
      )}
      {phase === 'review' && proposals !== null && (
        <BreakdownReview todoId={todo.id} proposals={proposals} onDone={reset} />
      )}
      {phase === 'failed' && (
        <div className="breakdown-failed">
          <p className="form-error" role="alert">
            {current?.error?.code
              ? t(`errors:${current.error.code}`, { defaultValue: t('breakdown.failed') })
              : t('breakdown.failed')}
          </p>
          <button type="button" className="button" onClick={reset} data-focus-target="">
            {t('breakdown.again')}
          </button>
        </div>
      )}
      <FormError error={task.error} />
    </section>
  )
}

/**
 * Each step of a breakdown replaces the controls of the one before, the pressed button with them.
 * When the focus was on it (it fell to the body), it goes to the new step's control (marked
 * `data-focus-target`) or the section's heading, so a keyboard user is not sent back to the top.
 */
function useFocusKeptIn(section: RefObject<HTMLElement | null>, phase: string): void {
  const shown = useRef(phase)
  useEffect(() => {
    if (shown.current === phase) return
    shown.current = phase
    const root = section.current
    if (root === null) return
    // Lost, or on the heading that held it while the task ran.
    const heading = root.querySelector<HTMLElement>('h3')
    const active = document.activeElement
    if (active !== null && active !== document.body && active !== heading) return
    const target = root.querySelector<HTMLElement>('[data-focus-target]') ?? heading
    target?.focus()
  }, [section, phase])
}
