import { describe, expect, it } from 'vitest'
import { EMPTY_PICK, nextEnd, pickReducer, toPlace, type PickAction, type PickState } from './pick-state.ts'

const a = { lat: 37.5547, lng: 126.9707 }
const b = { lat: 37.4979, lng: 127.0276 }
const c = { lat: 37.5133, lng: 127.1001 }

const run = (...actions: PickAction[]): PickState => actions.reduce(pickReducer, EMPTY_PICK)

describe('picking the ends of a ride', () => {
  it('sets the pick-up with the first click and the drop-off with the second', () => {
    const once = run({ type: 'click', coords: a })
    expect(once.pickUp.coords).toEqual(a)
    expect(once.dropOff.coords).toBeNull()
    expect(nextEnd(once)).toBe('dropOff')
    const twice = pickReducer(once, { type: 'click', coords: b })
    expect(twice).toEqual({ pickUp: { address: '', coords: a }, dropOff: { address: '', coords: b } })
  })

  it('moves the drop-off with later clicks and starts over on reset', () => {
    const state = run({ type: 'click', coords: a }, { type: 'click', coords: b }, { type: 'click', coords: c })
    expect(state.pickUp.coords).toEqual(a)
    expect(state.dropOff.coords).toEqual(c)
    expect(pickReducer(state, { type: 'reset' })).toEqual(EMPTY_PICK)
    expect(nextEnd(EMPTY_PICK)).toBe('pickUp')
  })

  it('keeps a typed address when the map sets the coordinates, and a preset sets both', () => {
    const typed = run({ type: 'address', end: 'pickUp', address: 'Front gate' }, { type: 'click', coords: a })
    expect(typed.pickUp).toEqual({ address: 'Front gate', coords: a })
    const preset = pickReducer(typed, { type: 'place', end: 'dropOff', address: 'Gangnam Station', coords: b })
    expect(preset.dropOff).toEqual({ address: 'Gangnam Station', coords: b })
    // With the drop-off set by a preset first, the next click still goes to the pick-up when it has none.
    const presetFirst = run({ type: 'place', end: 'dropOff', address: 'Gangnam Station', coords: b })
    expect(pickReducer(presetFirst, { type: 'click', coords: c }).pickUp.coords).toEqual(c)
  })

  it('sends the typed address, or the coordinates when only the map was clicked', () => {
    expect(toPlace({ address: '  Front gate ', coords: a })).toEqual({ address: 'Front gate', ...a })
    expect(toPlace({ address: '', coords: a })).toEqual({ address: '37.55470, 126.97070', ...a })
    expect(toPlace({ address: 'Somewhere', coords: null })).toBeNull()
  })
})
