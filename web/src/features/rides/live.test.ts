import type { Trip, TripDetail } from '@madang/contracts'
import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { storeNewTrip, storeTrip, toRidesFrame } from './live.ts'
import { ridesKeys } from './queries.ts'

const trip = (id: string, status: Trip['status']) => ({ id, status }) as Trip

describe('rides realtime frames', () => {
  it('reads rides events and ignores other modules’ frames', () => {
    expect(toRidesFrame({ event: 'rides.offer_revoked', data: { tripId: 't1', reason: 'taken' } })).toEqual({
      event: 'rides.offer_revoked',
      data: { tripId: 't1', reason: 'taken' },
    })
    expect(toRidesFrame({ event: 'planner.todo_updated', data: { id: 'x' } })).toBeNull()
    expect(toRidesFrame({ event: 'rides.trip_updated', data: null })).toBeNull()
  })

  it('writes a changed trip into its detail and the current trip of the same id only', () => {
    const queryClient = new QueryClient()
    queryClient.setQueryData<TripDetail>(ridesKeys.trip('t1'), { trip: trip('t1', 'REQUESTED'), route: [] })
    queryClient.setQueryData(ridesKeys.current('rider'), trip('t1', 'REQUESTED'))
    queryClient.setQueryData(ridesKeys.current('driver'), trip('t2', 'STARTED'))
    storeTrip(queryClient, trip('t1', 'STARTED'))
    expect(queryClient.getQueryData<TripDetail>(ridesKeys.trip('t1'))?.trip.status).toBe('STARTED')
    expect(queryClient.getQueryData<Trip>(ridesKeys.current('rider'))?.status).toBe('STARTED')
    expect(queryClient.getQueryData<Trip>(ridesKeys.current('driver'))).toEqual(trip('t2', 'STARTED'))
    // A trip never loaded here is not invented.
    storeTrip(queryClient, trip('t3', 'COMPLETED'))
    expect(queryClient.getQueryData(ridesKeys.trip('t3'))).toBeUndefined()
  })
  it('keeps a trip just requested as the open one of that role, with its detail and no route yet', () => {
    const queryClient = new QueryClient()
    storeNewTrip(queryClient, 'rider', trip('t1', 'REQUESTED'))
    expect(queryClient.getQueryData(ridesKeys.current('rider'))).toEqual(trip('t1', 'REQUESTED'))
    expect(queryClient.getQueryData(ridesKeys.current('driver'))).toBeUndefined()
    expect(queryClient.getQueryData(ridesKeys.trip('t1'))).toEqual({ trip: trip('t1', 'REQUESTED'), route: [] })
  })
})
