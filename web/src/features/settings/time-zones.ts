/**
 * The time zones the settings offer: every IANA zone this browser knows, labelled with its current
 * UTC offset, and a forgiving search over both ("seoul", "new york", "gmt+9").
 */

export interface TimeZoneOption {
  id: string
  /** `GMT+9`, `GMT-4:30`, `GMT` */
  offset: string
}

/** Every zone the runtime knows, and UTC. */
export function supportedTimeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set([...known, 'UTC'])].sort((a, b) => a.localeCompare(b))
}

/** The zone's offset from UTC at `now`, as `GMT+9`. */
function offsetOf(timeZone: string, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(now)
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT'
  } catch {
    return 'GMT'
  }
}

export function toOptions(zones: readonly string[], now: Date = new Date()): TimeZoneOption[] {
  return zones.map((id) => ({ id, offset: offsetOf(id, now) }))
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, ' ')
}

/** The options matching every word of `query` in their name or offset; all of them for an empty query. */
export function filterTimeZones(options: readonly TimeZoneOption[], query: string): TimeZoneOption[] {
  const words = normalize(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...options]
  return options.filter((option) => {
    const haystack = `${normalize(option.id)} ${option.offset.toLowerCase()}`
    return words.every((word) => haystack.includes(word))
  })
}

/** How a zone reads in the list: `Asia/Seoul (GMT+9)` → `Asia / Seoul (GMT+9)`, underscores as spaces. */
export function timeZoneLabel(option: TimeZoneOption): string {
  return `${option.id.replace(/_/g, ' ').replace(/\//g, ' / ')} (${option.offset})`
}
