export * from './common.ts'
export * from './problem.ts'
export * from './errors.ts'
export * from './accounts.ts'
