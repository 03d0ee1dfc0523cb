import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'

/**
 * The data layer: one Drizzle database over either an embedded PGlite (the default, data under
 * DATA_DIR) or a real PostgreSQL pool (DATABASE_URL). Both run the same committed migrations.
 */

/** Anything a repository can run queries on: the database or an open transaction. */
export type Executor = PgDatabase<PgQueryResultHKT>

export interface Database {
  readonly db: Executor
  readonly kind: 'pglite' | 'postgres'
  /** The embedded database, for libraries that talk to it directly (pg-boss). */
  readonly pglite?: PGlite
  /** The PostgreSQL connection string, for libraries that open their own pool (pg-boss). */
  readonly url?: string
  /** Applies every pending migration in server/drizzle; safe to call from several processes at once. */
  migrate(): Promise<void>
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../drizzle', import.meta.url))

/** Arbitrary but fixed key for the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK_KEY = 7_202_611

export interface PostgresOptions {
  url: string
  poolSize?: number
}

export function openPostgres({ url, poolSize = 10 }: PostgresOptions): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = drizzlePg(pool)
  return {
    db,
    kind: 'postgres',
    url,
    async migrate() {
      const client = await pool.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR })
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {})
        client.release()
      }
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      await pool.end()
    },
  }
}

export interface PgliteOptions {
  /** Directory to keep the data in; in memory when omitted. */
  dataDir?: string
  /** A tarball from `dumpPglite` to start from (used to clone a migrated test template). */
  loadDataDir?: Blob
}

export async function openPglite({ dataDir, loadDataDir }: PgliteOptions = {}): Promise<Database & { client: PGlite }> {
  if (dataDir !== undefined) mkdirSync(path.dirname(dataDir), { recursive: true })
  const client = await PGlite.create({ dataDir, loadDataDir })
  const db = drizzlePglite(client)
  return {
    db,
    client,
    pglite: client,
    kind: 'pglite',
    async migrate() {
      await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR })
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

/** Opens the database the configuration names: PostgreSQL when a URL is given, else PGlite. */
export async function openDatabase(options: {
  databaseUrl: string | null
  databasePoolSize: number
  dataDir: string
}): Promise<Database> {
  if (options.databaseUrl !== null) {
    return openPostgres({ url: options.databaseUrl, poolSize: options.databasePoolSize })
  }
  return openPglite({ dataDir: path.join(options.dataDir, 'pglite') })
}

/** True when `error` is PostgreSQL's unique_violation, optionally on a given constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = findPgError(error)
  return cause?.code === '23505' && (constraint === undefined || cause.constraint === constraint)
}

function findPgError(error: unknown): { code?: string; constraint?: string } | undefined {
  // Drizzle wraps driver errors; the PostgreSQL fields sit on the error or on its cause.
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
      }
    }
    current = candidate.cause
  }
  return undefined
}
