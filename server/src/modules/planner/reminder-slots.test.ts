import { describe, expect, it } from 'vitest'
import { dueSlot, localMoment, normalizeTimes } from './reminder-slots.ts'

describe('localMoment', () => {
  it.each([
    ['2026-11-23T23:00:00Z', 'Asia/Seoul', { date: '2026-11-24', time: '08:00' }],
    ['2026-11-23T23:00:00Z', 'UTC', { date: '2026-11-23', time: '23:00' }],
    ['2026-11-24T04:30:00Z', 'America/New_York', { date: '2026-11-23', time: '23:30' }],
    ['2026-11-23T15:00:00Z', 'Asia/Seoul', { date: '2026-11-24', time: '00:00' }],
  ])('places %s in %s', (at, zone, expected) => {
    expect(localMoment(new Date(at), zone)).toEqual(expected)
  })
})

describe('dueSlot', () => {
  const times = ['08:00', '14:00', '20:00']
  it.each([
    ['08:00', '08:00'],
    ['08:09', '08:00'],
    ['08:10', null],
    ['07:59', null],
    ['14:03', '14:00'],
    ['23:59', null],
  ])('at %s the due slot is %s', (time, expected) => {
    expect(dueSlot(time, times)).toBe(expected)
  })

  it('picks the latest of two slots inside the window', () => {
    expect(dueSlot('09:05', ['09:00', '09:03'])).toBe('09:03')
  })
})

describe('normalizeTimes', () => {
  it('sorts and removes duplicates', () => {
    expect(normalizeTimes(['20:00', '08:00', '20:00'])).toEqual(['08:00', '20:00'])
  })
})
