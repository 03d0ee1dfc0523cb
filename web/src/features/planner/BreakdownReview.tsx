import type { BreakdownProposal } from '@madang/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { useCreateSubtodos } from './mutations.ts'
import { Button } from '../../components/ui/Button.tsx'

/**
 * The proposals of a finished breakdown, none chosen at first: the user ticks the steps to keep and
 * "Add selected" appends exactly those, in the proposed order, as the todo's subtodos.
 */
export function BreakdownReview({
  todoId,
  proposals,
  onDone,
}: {
  todoId: string
  proposals: readonly BreakdownProposal[]
  /** After the chosen steps were added, or when the proposals are dismissed. */
  onDone: () => void
}) {
  const { t } = useTranslation('planner')
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set())
  const create = useCreateSubtodos()
  const isAllChosen = chosen.size === proposals.length
  const toggle = (index: number, isChecked: boolean) =>
    setChosen((current) => {
      const next = new Set(current)
      if (isChecked) next.add(index)
      else next.delete(index)
      return next
    })
  const apply = () => {
    const items = proposals.filter((_, index) => chosen.has(index)).map((proposal) => ({ content: proposal.content }))
    if (items.length > 0) create.mutate({ todoId, items }, { onSuccess: onDone })
  }
  const totalMinutes = proposals
    .filter((_, index) => chosen.has(index))
    .reduce((sum, proposal) => sum + proposal.estimatedMinutes, 0)
  return (
    <div className="breakdown-review" data-testid="breakdown-review">
      <div className="breakdown-review-head">
        <h4 tabIndex={-1} data-focus-target="">
          {t('breakdown.reviewTitle')}
        </h4>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => setChosen(isAllChosen ? new Set() : new Set(proposals.map((_, index) => index)))}
        >
          {isAllChosen ? t('breakdown.selectNone') : t('breakdown.selectAll')}
        </button>
      </div>
      <p className="muted small">{t('breakdown.reviewHint')}</p>
      <ul className="proposal-list">
        {proposals.map((proposal, index) => (
          <li key={index}>
            <label className={chosen.has(index) ? 'proposal is-chosen' : 'proposal'}>
              <input
                type="checkbox"
                className="check check-small"
                checked={chosen.has(index)}
                onChange={(event) => toggle(index, event.target.checked)}
              />
              <span className="proposal-text">{proposal.content}</span>
              <span className="chip">{t('breakdown.minutes', { count: proposal.estimatedMinutes })}</span>
            </label>
          </li>
        ))}
      </ul>
      <FormError error={create.error} />
      <div className="breakdown-actions">
        <button type="button" className="button button-quiet" onClick={onDone}>
          {t('breakdown.dismiss')}
        </button>
        <Button
          className="button button-primary"
          isBusy={create.isPending}
          isDisabled={chosen.size === 0}
          onClick={apply}
        >
          {chosen.size === 0
            ? t('breakdown.addNone')
            : t('breakdown.addSelected', { count: chosen.size, minutes: totalMinutes })}
        </Button>
      </div>
    </div>
  )
}
