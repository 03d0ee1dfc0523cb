import { Type, type Static } from 'typebox'

/** Path parameter `:id` for resources keyed by a UUID. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type IdParams = Static<typeof IdParams>

export const Locale = Type.Union([Type.Literal('ko'), Type.Literal('en')])
export type Locale = Static<typeof Locale>
export const LOCALES: readonly Locale[] = ['ko', 'en']

/** ISO-8601 timestamp with offset, as every API timestamp is serialized. */
export const Timestamp = Type.String({ format: 'date-time' })
