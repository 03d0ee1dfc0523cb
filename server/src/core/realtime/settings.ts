/** Tunables of the WebSocket gateway, from config. */
export interface GatewaySettings {
  path: string
  /** Browser origins allowed to open a socket; '*' allows any. Requests without Origin are allowed. */
  allowedOrigins: string[] | '*'
  maxPayloadBytes: number
  authTimeoutMs: number
  heartbeatMs: number
  /** How long after its access token expires a socket may live while the client refreshes. */
  refreshGraceMs: number
  /** Outgoing bytes a socket may have queued before it is dropped as a slow consumer. */
  maxBufferedBytes: number
  /** Client frames per second (sustained) and burst per connection. */
  rateLimitPerSecond: number
  rateLimitBurst: number
  /** Frames over the limit a connection may send before it is closed. */
  rateLimitStrikes: number
}
