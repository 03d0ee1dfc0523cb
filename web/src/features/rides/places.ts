import type { LatLng } from '@madang/contracts'

/** Well-known places in Seoul for demos: no geocoding service is needed to pick them. */
export interface PresetPlace extends LatLng {
  /** Key under `places.` in the rides namespace. */
  key: string
}

export const PRESET_PLACES: readonly PresetPlace[] = [
  { key: 'seoulStation', lat: 37.5547, lng: 126.9707 },
  { key: 'cityHall', lat: 37.5663, lng: 126.9779 },
  { key: 'gwanghwamun', lat: 37.5759, lng: 126.9768 },
  { key: 'gangnamStation', lat: 37.4979, lng: 127.0276 },
  { key: 'hongikUniv', lat: 37.5572, lng: 126.9245 },
  { key: 'jamsil', lat: 37.5133, lng: 127.1001 },
  { key: 'yeouido', lat: 37.5216, lng: 126.9242 },
]

/** Where the map opens before anything is picked: central Seoul. */
export const SEOUL_CENTER: LatLng = { lat: 37.5665, lng: 126.978 }

export function findPreset(key: string): PresetPlace | undefined {
  return PRESET_PLACES.find((place) => place.key === key)
}
