import { TRIP_STATUSES, type TripStatus } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { TRIP_ACTIONS, TRIP_ROLES, decideTransition, roleIn, type TripAction } from './state-machine.ts'

/**
 * Every (status, action, role) cell of the trip's state machine. A cell is the next status, or the
 * error code with its prefix dropped: `!not_allowed`, `!invalid_transition`, `!trip_taken`, `!own_trip`.
 * Columns: rider, driver, other.
 */
const TABLE: Record<TripAction, Record<TripStatus, [string, string, string]>> = {
  accept: {
    REQUESTED: ['!own_trip', '!not_allowed', 'STARTED'],
    STARTED: ['!own_trip', '!invalid_transition', '!trip_taken'],
    IN_PROGRESS: ['!own_trip', '!invalid_transition', '!trip_taken'],
    COMPLETED: ['!own_trip', '!invalid_transition', '!trip_taken'],
    CANCELLED: ['!own_trip', '!invalid_transition', '!invalid_transition'],
  },
  pick_up: {
    REQUESTED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    STARTED: ['!not_allowed', 'IN_PROGRESS', '!not_allowed'],
    IN_PROGRESS: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    COMPLETED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    CANCELLED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
  },
  complete: {
    REQUESTED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    STARTED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    IN_PROGRESS: ['!not_allowed', 'COMPLETED', '!not_allowed'],
    COMPLETED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    CANCELLED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
  },
  cancel: {
    REQUESTED: ['CANCELLED', '!not_allowed', '!not_allowed'],
    STARTED: ['CANCELLED', '!not_allowed', '!not_allowed'],
    IN_PROGRESS: ['!invalid_transition', '!not_allowed', '!not_allowed'],
    COMPLETED: ['!invalid_transition', '!not_allowed', '!not_allowed'],
    CANCELLED: ['!invalid_transition', '!not_allowed', '!not_allowed'],
  },
  withdraw: {
    REQUESTED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    STARTED: ['!not_allowed', 'REQUESTED', '!not_allowed'],
    IN_PROGRESS: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    COMPLETED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
    CANCELLED: ['!not_allowed', '!invalid_transition', '!not_allowed'],
  },
  rate: {
    REQUESTED: ['!invalid_transition', '!not_allowed', '!not_allowed'],
    STARTED: ['!invalid_transition', '!not_allowed', '!not_allowed'],
    IN_PROGRESS: ['!invalid_transition', '!not_allowed', '!not_allowed'],
    COMPLETED: ['COMPLETED', '!not_allowed', '!not_allowed'],
    CANCELLED: ['!invalid_transition', '!not_allowed', '!not_allowed'],
  },
}

const cells = TRIP_ACTIONS.flatMap((action) =>
  TRIP_STATUSES.flatMap((status) =>
    TRIP_ROLES.map((role, i) => ({ action, status, role, expected: TABLE[action][status][i] as string })),
  ),
)

describe('the trip state machine', () => {
  it('covers every status, action and role (5 × 6 × 3 cells)', () => {
    expect(cells).toHaveLength(90)
  })

  it.each(cells)('$action by the $role of a $status trip: $expected', ({ action, status, role, expected }) => {
    const decision = decideTransition(status, action, role)
    const got = decision.ok ? decision.next : `!${decision.error.replace('rides.', '')}`
    expect(got).toBe(expected)
  })

  it('only ever moves forward, except a withdrawal back to REQUESTED', () => {
    const order: TripStatus[] = ['REQUESTED', 'STARTED', 'IN_PROGRESS', 'COMPLETED']
    for (const { action, status, role } of cells) {
      const decision = decideTransition(status, action, role)
      if (!decision.ok || decision.next === 'CANCELLED' || decision.next === status) continue
      if (action === 'withdraw') expect(decision.next).toBe('REQUESTED')
      else expect(order.indexOf(decision.next)).toBe(order.indexOf(status) + 1)
    }
  })

  it('tells the rider, the driver and anyone else apart', () => {
    const trip = { riderId: 'r', driverId: 'd' }
    expect([roleIn(trip, 'r'), roleIn(trip, 'd'), roleIn(trip, 'x')]).toEqual(['rider', 'driver', 'other'])
    expect(roleIn({ riderId: 'r', driverId: null }, 'x')).toBe('other')
  })
})
