import type { Trip } from '@madang/contracts'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { storeTrip } from './live.ts'
import { rateTrip } from './queries.ts'
import './rides.css'
import { Button } from '../../components/ui/Button.tsx'

const STARS = [1, 2, 3, 4, 5] as const

/** The rider's 1-5 stars for a completed trip: a radio group, sent once; then the rating as text. */
export function RatingForm({ trip }: { trip: Trip }) {
  const { t } = useTranslation('rides')
  const queryClient = useQueryClient()
  const name = useId()
  const [rating, setRating] = useState<number | null>(null)
  const mutation = useMutation({
    mutationFn: (value: number) => rateTrip(trip.id, value),
    onSuccess: (updated) => storeTrip(queryClient, updated),
  })
  if (trip.rating !== null) {
    return (
      <p className="ride-status-detail" data-testid="ride-rated">
        {t('rating.done', { count: trip.rating })}
      </p>
    )
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (rating !== null) mutation.mutate(rating)
  }
  return (
    <form onSubmit={submit}>
      <fieldset className="ride-rating">
        <legend>{t('rating.legend')}</legend>
        <div className="ride-stars">
          {STARS.map((value) => (
            <label key={value} className={`ride-star${rating !== null && value <= rating ? ' is-lit' : ''}`}>
              <input
                type="radio"
                name={name}
                value={value}
                checked={rating === value}
                onChange={() => setRating(value)}
                aria-label={t('rating.stars', { count: value })}
              />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormError error={mutation.error} />
      <div className="ride-actions">
        <Button
          type="submit"
          className="button button-primary"
          isBusy={mutation.isPending}
          isDisabled={rating === null}
        >
          {t('rating.submit')}
        </Button>
      </div>
    </form>
  )
}
