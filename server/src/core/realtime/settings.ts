import type { Config } from '../../config/index.ts'

/** Tunables of the WebSocket gateway: the realtime config (see config/index.ts) and its path. */
export type GatewaySettings = Config['realtime'] & { path: string }
