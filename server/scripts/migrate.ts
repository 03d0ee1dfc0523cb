// npm run migrate: applies every pending migration in server/drizzle to the configured database.
import { openDatabase } from '../src/core/db/index.ts'
import { loadConfigOrExit } from './cli.ts'

const config = loadConfigOrExit()
const database = await openDatabase(config)
try {
  await database.migrate()
  process.stdout.write(`Migrations applied (${database.kind}).\n`)
} finally {
  await database.close()
}
