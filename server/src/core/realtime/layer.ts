import type { StreamPosition } from '@madang/contracts'

/**
 * The channel layer: where events are published, kept for a while, and fanned out to every
 * process that has listeners on the channel. In memory for one process, Redis for many.
 *
 * Delivery contract: live delivery is at-most-once and ordered per channel. Each channel has a
 * monotonic offset within an epoch (a new epoch starts when a channel's state is lost or reset);
 * `recover` is gap-free within the history window (count and age), or says it is not.
 */
export interface ChannelEvent {
  readonly channel: string
  readonly offset: number
  readonly epoch: string
  /** The event's type, `<module>.<entity>_<past_verb>`. */
  readonly event: string
  /** Deep-frozen: no listener can change what another one receives. */
  readonly data: unknown
  /** Milliseconds since the epoch, by the publisher's clock. */
  readonly publishedAt: number
}

export type ChannelListener = (event: ChannelEvent) => void

export interface Recovery {
  /** The channel's current position. */
  position: StreamPosition
  /** Events after `since`, oldest first, when recovered. */
  events: ChannelEvent[]
  /** True when `events` is exactly what was missed since `since`. */
  recovered: boolean
}

export interface ChannelLayer {
  readonly kind: 'memory' | 'redis'
  /** Appends to the channel's history and fans out to every listener in every process. */
  publish(channel: string, event: string, data: unknown): Promise<StreamPosition>
  /** Adds a listener in this process; resolves once the layer delivers the channel's events. */
  listen(channel: string, listener: ChannelListener): Promise<() => void>
  /** The channel's position and, when `since` is given, the events after it. */
  recover(channel: string, since?: StreamPosition): Promise<Recovery>
  /** False while fan-out is broken (e.g. Redis unreachable). */
  isHealthy(): boolean
  close(): Promise<void>
}

export interface HistoryOptions {
  /** Events kept per channel. */
  size: number
  /** How long an event stays recoverable, in milliseconds. */
  ttlMs: number
}

/** Freezes a value and everything inside it, after copying it so the publisher cannot change it later. */
export function freezeCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value))
}

/** Freezes a value and everything inside it, in place. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

/**
 * Decides a recovery from a channel's position and the history it still holds (oldest first, all
 * in `position.epoch`). Pure: shared by both layers and table-tested.
 */
export function decideRecovery(
  position: StreamPosition,
  history: readonly ChannelEvent[],
  since: StreamPosition | undefined,
  oldestAllowedAt: number,
): Recovery {
  if (since === undefined) return { position, events: [], recovered: false }
  if (since.epoch !== position.epoch || since.offset > position.offset)
    return { position, events: [], recovered: false }
  if (since.offset === position.offset) return { position, events: [], recovered: true }
  const missed = history.filter((e) => e.offset > since.offset)
  const isComplete =
    missed.length === position.offset - since.offset &&
    missed[0]?.offset === since.offset + 1 &&
    missed.every((e) => e.publishedAt >= oldestAllowedAt)
  return isComplete ? { position, events: missed, recovered: true } : { position, events: [], recovered: false }
}
