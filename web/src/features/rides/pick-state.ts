import type { LatLng, Place } from '@madang/contracts'

/**
 * What the rider has chosen so far: each end has the address they typed (or a preset's name) and
 * the coordinates from a map click or a preset. The first map click sets the pick-up, the next the
 * drop-off; later clicks move the drop-off until the rider resets.
 */

export interface PickPoint {
  address: string
  coords: LatLng | null
}

export interface PickState {
  pickUp: PickPoint
  dropOff: PickPoint
}

export type PickEnd = keyof PickState

export type PickAction =
  | { type: 'click'; coords: LatLng }
  | { type: 'address'; end: PickEnd; address: string }
  | { type: 'place'; end: PickEnd; address: string; coords: LatLng }
  | { type: 'reset' }

const EMPTY_POINT: PickPoint = { address: '', coords: null }

export const EMPTY_PICK: PickState = { pickUp: EMPTY_POINT, dropOff: EMPTY_POINT }

/** The end a map click sets next. */
export function nextEnd(state: PickState): PickEnd {
  return state.pickUp.coords === null ? 'pickUp' : 'dropOff'
}

export function pickReducer(state: PickState, action: PickAction): PickState {
  switch (action.type) {
    case 'click': {
      const end = nextEnd(state)
      return { ...state, [end]: { ...state[end], coords: action.coords } }
    }
    case 'address':
      return { ...state, [action.end]: { ...state[action.end], address: action.address } }
    case 'place':
      return { ...state, [action.end]: { address: action.address, coords: action.coords } }
    case 'reset':
      return EMPTY_PICK
  }
}

/** Rounds a coordinate for display and for an address made from a map click. */
export function formatCoords(coords: LatLng): string {
  return `${coords.lat.toFixed(5)}, ${coords.lng.toFixed(5)}`
}

/**
 * The place sent to the server: the typed address, or the coordinates when the rider only clicked
 * the map; null while the end has no coordinates.
 */
export function toPlace(point: PickPoint): Place | null {
  if (point.coords === null) return null
  const address = point.address.trim() || formatCoords(point.coords)
  return { address: address.slice(0, 255), lat: point.coords.lat, lng: point.coords.lng }
}
