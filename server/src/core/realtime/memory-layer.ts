import { randomBytes } from 'node:crypto'
import type { StreamPosition } from '@madang/contracts'
import type { Clock } from '../clock.ts'
import {
  decideRecovery,
  freezeCopy,
  type ChannelEvent,
  type ChannelLayer,
  type ChannelListener,
  type HistoryOptions,
} from './layer.ts'

interface ChannelState {
  epoch: string
  offset: number
  history: ChannelEvent[]
  listeners: Set<ChannelListener>
}

/** The channel layer of a single process: history in memory, fan-out by direct calls. */
export function createMemoryLayer(
  options: HistoryOptions & { clock: Clock; onListenerError?: (error: unknown) => void },
): ChannelLayer {
  const channels = new Map<string, ChannelState>()

  const stateOf = (channel: string): ChannelState => {
    let state = channels.get(channel)
    if (state === undefined) {
      state = { epoch: newEpoch(), offset: 0, history: [], listeners: new Set() }
      channels.set(channel, state)
    }
    return state
  }

  const trim = (state: ChannelState, now: number) => {
    const oldest = now - options.ttlMs
    let drop = Math.max(0, state.history.length - options.size)
    while (drop < state.history.length && (state.history[drop]?.publishedAt ?? now) < oldest) drop++
    if (drop > 0) state.history.splice(0, drop)
  }

  // Channels nobody listens to and whose history has aged out are forgotten (a new epoch starts).
  const sweeper = setInterval(
    () => {
      const now = options.clock.now().getTime()
      for (const [name, state] of channels) {
        trim(state, now)
        if (state.listeners.size === 0 && state.history.length === 0) channels.delete(name)
      }
    },
    Math.max(1000, Math.min(options.ttlMs, 60_000)),
  )
  sweeper.unref()

  return {
    kind: 'memory',
    async publish(channel, event, data) {
      const state = stateOf(channel)
      const now = options.clock.now().getTime()
      state.offset += 1
      const published: ChannelEvent = Object.freeze({
        channel,
        offset: state.offset,
        epoch: state.epoch,
        event,
        data: freezeCopy(data),
        publishedAt: now,
      })
      state.history.push(published)
      trim(state, now)
      for (const listener of state.listeners) {
        try {
          listener(published)
        } catch (error) {
          options.onListenerError?.(error)
        }
      }
      return { offset: published.offset, epoch: published.epoch }
    },
    async listen(channel, listener) {
      const state = stateOf(channel)
      state.listeners.add(listener)
      return () => {
        state.listeners.delete(listener)
      }
    },
    async recover(channel, since) {
      const state = stateOf(channel)
      const now = options.clock.now().getTime()
      trim(state, now)
      const position: StreamPosition = { offset: state.offset, epoch: state.epoch }
      return decideRecovery(position, state.history, since, now - options.ttlMs)
    },
    isHealthy: () => true,
    async close() {
      clearInterval(sweeper)
      channels.clear()
    },
  }
}

export function newEpoch(): string {
  return randomBytes(6).toString('base64url')
}
