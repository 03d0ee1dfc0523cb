import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import { currentAccessToken } from '../lib/api.ts'
import type { EventFrame } from '@madang/contracts'
import { followSocket } from '../lib/offline.ts'
import { RealtimeClient, type ChannelHandlers, type ConnectionStatus } from '../lib/realtime.ts'
import { setSession } from '../lib/session.ts'

const RealtimeContext = createContext<RealtimeClient | null>(null)

function socketUrl(): string {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/ws`
}

/** One socket for the signed-in user, opened on mount and closed on sign-out (unmount). */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new RealtimeClient({
        url: socketUrl(),
        getToken: currentAccessToken,
        onSessionEnded: () => setSession(null),
      }),
  )
  useEffect(() => {
    // The socket's failures count as "offline" for queries and changes (see lib/offline.ts).
    const unfollow = followSocket(client)
    client.start()
    const wake = () => client.reconnectNow()
    window.addEventListener('online', wake)
    document.addEventListener('visibilitychange', wake)
    return () => {
      window.removeEventListener('online', wake)
      document.removeEventListener('visibilitychange', wake)
      client.stop()
      unfollow()
    }
  }, [client])
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>
}

export function useRealtime(): RealtimeClient {
  const client = useContext(RealtimeContext)
  if (client === null) throw new Error('useRealtime outside RealtimeProvider')
  return client
}

export function useConnectionStatus(): ConnectionStatus {
  const client = useRealtime()
  return useSyncExternalStore(
    (listener) => client.onStatus(listener),
    () => client.status,
  )
}

/** Listens to a channel while mounted; handlers may change between renders without resubscribing. */
export function useChannel(channel: string | null, handlers: ChannelHandlers): void {
  const client = useRealtime()
  const onEvent = useEffectEvent((event: EventFrame) => handlers.onEvent(event))
  const onResync = useEffectEvent(() => handlers.onResync?.())
  const onEnded = useEffectEvent((code: string) => handlers.onEnded?.(code))
  useEffect(() => {
    if (channel === null) return
    return client.subscribe(channel, { onEvent, onResync, onEnded })
  }, [client, channel])
}
