import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { readTestDatabaseUrl, readTestRedisUrl } from '../config/index.ts'
import { openPglite, openPostgres } from '../core/db/index.ts'
import { redisAnswers, startPrivateRedis } from './redis.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file clones its fresh database from. */
    testDatabase: { kind: 'pglite'; templateFile: string } | { kind: 'postgres'; url: string; template: string }
    /** The Redis the realtime tests use: TEST_REDIS_URL, else 127.0.0.1:6379, else one started for the run. */
    testRedisUrl: string
  }
}

/**
 * Migrates one template database per run; every test file then clones it (PGlite: load the
 * dumped data directory; PostgreSQL: CREATE DATABASE ... TEMPLATE), so files run in parallel
 * and share nothing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopRedis = await provideRedis(project)
  const stopDatabase = await provideDatabase(project)
  return async () => {
    await stopDatabase()
    await stopRedis()
  }
}

async function provideRedis(project: TestProject): Promise<() => Promise<void>> {
  const configured = readTestRedisUrl()
  if (configured !== null) {
    project.provide('testRedisUrl', configured)
    return async () => {}
  }
  const local = 'redis://127.0.0.1:6379'
  if (await redisAnswers(local)) {
    project.provide('testRedisUrl', local)
    return async () => {}
  }
  const own = await startPrivateRedis()
  project.provide('testRedisUrl', own.url)
  return () => own.stop()
}

async function provideDatabase(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = readTestDatabaseUrl()
  if (serverUrl === null) {
    const dir = mkdtempSync(path.join(tmpdir(), 'madang-test-'))
    const templateFile = path.join(dir, 'template.tar.gz')
    const db = await openPglite()
    await db.migrate()
    const dump = await db.client.dumpDataDir('gzip')
    writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()))
    await db.close()
    project.provide('testDatabase', { kind: 'pglite', templateFile })
    return async () => rmSync(dir, { recursive: true, force: true })
  }
  const template = `madang_tpl_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database "${template}"`)
  const db = openPostgres({ url: withDatabase(serverUrl, template), poolSize: 1 })
  await db.migrate()
  await db.close()
  project.provide('testDatabase', { kind: 'postgres', url: serverUrl, template })
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `madang_t_${process.pid}_%`,
    ])
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`)
    await admin.query(`drop database if exists "${template}" with (force)`)
    await admin.end()
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
