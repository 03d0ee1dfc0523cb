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
  const created = await createServerDatabase(source, source.template)
  const database = openPostgres({ url: created.url, poolSize: 5 })
  return {
    ...database,
    async close() {
      await database.close()
      await created.drop()
    },
  }
}

/**
 * An empty database (no migrations applied) on the suite's PostgreSQL server, for tests of
 * processes that migrate it themselves. Only when the suite runs on PostgreSQL.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const source = inject('testDatabase')
  if (source.kind !== 'postgres') throw new Error('createEmptyPostgresDatabase needs TEST_DATABASE_URL')
  return createServerDatabase(source, null)
}

/** Named like the run's template so the global teardown drops it even if a test does not. */
async function createServerDatabase(
  source: { url: string; template: string },
  template: string | null,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `madang_t_${source.template.split('_')[2]}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: source.url })
  await admin.connect()
  try {
    await admin.query(`create database "${name}"${template === null ? '' : ` template "${template}"`}`)
  } finally {
    await admin.end()
  }
  return {
    url: withDatabase(source.url, name),
    async drop() {
      const dropper = new pg.Client({ connectionString: source.url })
      await dropper.connect()
      await dropper.query(`drop database if exists "${name}" with (force)`).finally(() => dropper.end())
    },
  }
}
