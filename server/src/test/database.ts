import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { inject } from 'vitest'
import { openPglite, openPostgres, type Database } from '../core/db/index.ts'
import { withDatabase } from './global-setup.ts'

/**
 * A fresh, migrated database of its own for a test file: a clone of the run's template on
 * PGlite, or on the PostgreSQL server named by TEST_DATABASE_URL. Closing it drops it.
 */
export async function createTestDatabase(): Promise<Database> {
  const source = inject('testDatabase')
  if (source.kind === 'pglite') {
    return openPglite({ loadDataDir: new Blob([readFileSync(source.templateFile)]) })
  }
  const name = `madang_t_${source.template.split('_')[2]}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: source.url })
  await admin.connect()
  try {
    await admin.query(`create database "${name}" template "${source.template}"`)
  } finally {
    await admin.end()
  }
  const database = openPostgres({ url: withDatabase(source.url, name), poolSize: 5 })
  return {
    ...database,
    async close() {
      await database.close()
      const dropper = new pg.Client({ connectionString: source.url })
      await dropper.connect()
      await dropper.query(`drop database if exists "${name}" with (force)`).finally(() => dropper.end())
    },
  }
}
