// npm run wait-for-db [-- --attempts 30 --interval-ms 1000]: exits 0 once the database answers,
// 1 after the last attempt fails.
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/core/db/index.ts'
import { waitForDatabase } from '../src/core/db/wait.ts'
import { fail, loadConfigOrExit } from './cli.ts'

const { values } = parseArgs({
  options: { attempts: { type: 'string', default: '30' }, 'interval-ms': { type: 'string', default: '1000' } },
})
const attempts = Number(values.attempts)
const intervalMs = Number(values['interval-ms'])
if (!Number.isInteger(attempts) || attempts < 1) fail('--attempts must be a positive integer')
if (!Number.isInteger(intervalMs) || intervalMs < 0) fail('--interval-ms must be a non-negative integer')

const config = loadConfigOrExit()
const database = await openDatabase(config)
const isUp = await waitForDatabase(() => database.ping(), {
  attempts,
  intervalMs,
  onWait: (attempt, error) =>
    process.stdout.write(
      `Database unavailable (attempt ${attempt}/${attempts}: ${reasonOf(error)})${attempt < attempts ? `, waiting ${intervalMs} ms...` : '.'}\n`,
    ),
})
await database.close()
if (!isUp) fail(`Database still unavailable after ${attempts} attempts.`)
process.stdout.write(`Database available (${database.kind}).\n`)

/** The driver's own message: Drizzle wraps it in a "Failed query: select 1" error. */
function reasonOf(error: unknown): string {
  let current = error
  while (current instanceof Error && current.cause !== undefined) current = current.cause
  if (!(current instanceof Error)) return String(current)
  return current.message === '' ? current.name : current.message
}
