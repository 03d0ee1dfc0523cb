/** Every query on the rides tables. Each function takes the executor (database or transaction) first. */
export * from './drivers.ts'
export * from './offers.ts'
export * from './route.ts'
export * from './trips.ts'
