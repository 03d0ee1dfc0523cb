import type { TripStatus } from '@madang/contracts'

/**
 * The trip's state machine, free of I/O. A trip moves forward only:
 *
 *   REQUESTED --accept (a driver)--> STARTED --pick_up (its driver)--> IN_PROGRESS
 *   IN_PROGRESS --complete (its driver)--> COMPLETED --rate (its rider, once)--> COMPLETED
 *   REQUESTED | STARTED --cancel (its rider)--> CANCELLED
 *   STARTED --withdraw (its driver)--> REQUESTED (offered again)
 *
 * Roles are relative to the trip: its `rider`, its `driver`, or `other` (anyone else, such as a
 * driver who has been offered a requested trip).
 */

export type TripAction = 'accept' | 'pick_up' | 'complete' | 'cancel' | 'withdraw' | 'rate'
export type TripRole = 'rider' | 'driver' | 'other'

export const TRIP_ACTIONS: readonly TripAction[] = ['accept', 'pick_up', 'complete', 'cancel', 'withdraw', 'rate']
export const TRIP_ROLES: readonly TripRole[] = ['rider', 'driver', 'other']

export type TransitionError = 'rides.not_allowed' | 'rides.invalid_transition' | 'rides.trip_taken' | 'rides.own_trip'

export type Decision = { ok: true; next: TripStatus } | { ok: false; error: TransitionError }

interface Rule {
  role: TripRole
  from: readonly TripStatus[]
  to: TripStatus | 'same'
}

const RULES: Record<TripAction, Rule> = {
  accept: { role: 'other', from: ['REQUESTED'], to: 'STARTED' },
  pick_up: { role: 'driver', from: ['STARTED'], to: 'IN_PROGRESS' },
  complete: { role: 'driver', from: ['IN_PROGRESS'], to: 'COMPLETED' },
  cancel: { role: 'rider', from: ['REQUESTED', 'STARTED'], to: 'CANCELLED' },
  withdraw: { role: 'driver', from: ['STARTED'], to: 'REQUESTED' },
  rate: { role: 'rider', from: ['COMPLETED'], to: 'same' },
}

/** Whether `role` may do `action` to a trip in `status`, and the status it leads to. */
export function decideTransition(status: TripStatus, action: TripAction, role: TripRole): Decision {
  const rule = RULES[action]
  if (action === 'accept') {
    // A rider cannot drive themselves; a trip someone else already took is "taken", not "invalid".
    if (role === 'rider') return { ok: false, error: 'rides.own_trip' }
    if (status === 'REQUESTED') return role === 'other' ? { ok: true, next: 'STARTED' } : deny('rides.not_allowed')
    if (status === 'STARTED' || status === 'IN_PROGRESS' || status === 'COMPLETED') {
      return deny(role === 'driver' ? 'rides.invalid_transition' : 'rides.trip_taken')
    }
    return deny('rides.invalid_transition')
  }
  if (role !== rule.role) return deny('rides.not_allowed')
  if (!rule.from.includes(status)) return deny('rides.invalid_transition')
  return { ok: true, next: rule.to === 'same' ? status : rule.to }
}

/** The caller's role in a trip. */
export function roleIn(trip: { riderId: string; driverId: string | null }, userId: string): TripRole {
  if (trip.riderId === userId) return 'rider'
  if (trip.driverId === userId) return 'driver'
  return 'other'
}

function deny(error: TransitionError): Decision {
  return { ok: false, error }
}
