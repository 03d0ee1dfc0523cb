/** The rides use cases; routes and realtime call these. */
export * from './drivers.ts'
export * from './trips.ts'
export * from './transitions.ts'
export { reportLocation } from './location.ts'
export { widenSearch } from './widen.ts'
