/** Where domain code gets the time. Tests swap in a controllable clock; nothing calls `new Date()`. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that only moves when told to, for tests of expiry and windows. */
export function createManualClock(
  start: Date = new Date(),
): Clock & { advance(ms: number): void; set(at: Date): void } {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms
    },
    set(at) {
      current = at.getTime()
    },
  }
}
