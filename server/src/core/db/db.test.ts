import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestDatabase } from '../../test/database.ts'
import { isUniqueViolation, openPglite, type Database } from './index.ts'
import { waitForDatabase } from './wait.ts'

/** The rejection of `promise`; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject')
}

describe('waitForDatabase', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('returns false after exactly N failed pings, reporting each attempt and its error to onWait', async () => {
    const failure = new Error('connection refused')
    const ping = vi.fn(async () => {
      throw failure
    })
    const onWait = vi.fn()

    const isUp = await waitForDatabase(ping, { attempts: 4, intervalMs: 1, onWait })

    expect(isUp).toBe(false)
    expect(ping).toHaveBeenCalledTimes(4)
    expect(onWait.mock.calls).toEqual([
      [1, failure],
      [2, failure],
      [3, failure],
      [4, failure],
    ])
  })

  it('returns true as soon as a later ping succeeds and stops pinging', async () => {
    let calls = 0
    const ping = vi.fn(async () => {
      calls += 1
      if (calls < 3) throw new Error(`down ${calls}`)
    })
    const onWait = vi.fn()

    const isUp = await waitForDatabase(ping, { attempts: 10, intervalMs: 1, onWait })

    expect(isUp).toBe(true)
    expect(ping).toHaveBeenCalledTimes(3)
    expect(onWait.mock.calls.map(([attempt]) => attempt as number)).toEqual([1, 2])
  })

  it('returns true without calling onWait when the first ping succeeds', async () => {
    const onWait = vi.fn()
    const isUp = await waitForDatabase(async () => {}, { attempts: 3, intervalMs: 1000, onWait })
    expect(isUp).toBe(true)
    expect(onWait).not.toHaveBeenCalled()
  })

  it('waits intervalMs between attempts and not after the last one', async () => {
    vi.useFakeTimers()
    const ping = vi.fn(async () => {
      throw new Error('down')
    })
    let result: boolean | undefined
    void waitForDatabase(ping, { attempts: 3, intervalMs: 1000 }).then((isUp) => {
      result = isUp
    })

    await vi.advanceTimersByTimeAsync(0)
    expect(ping).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(ping).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(ping).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(ping).toHaveBeenCalledTimes(3)
    // The third miss is the last: the result is there without another interval passing.
    expect(result).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('isUniqueViolation on the suite database', () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase()
    await database.db.execute(
      sql.raw(
        `create table unique_probe (id integer primary key, code text not null constraint unique_probe_code_key unique)`,
      ),
    )
    await database.db.execute(sql.raw(`insert into unique_probe (id, code) values (1, 'a')`))
  })
  afterAll(async () => database?.close())

  it('recognises a duplicate value as a unique violation of its constraint and no other', async () => {
    const error = await rejectionOf(database.db.execute(sql.raw(`insert into unique_probe (id, code) values (2, 'a')`)))
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'unique_probe_code_key')).toBe(true)
    expect(isUniqueViolation(error, 'unique_probe_pkey')).toBe(false)
  })

  it('recognises a duplicate primary key as a unique violation of the primary key constraint', async () => {
    const error = await rejectionOf(database.db.execute(sql.raw(`insert into unique_probe (id, code) values (1, 'b')`)))
    expect(isUniqueViolation(error, 'unique_probe_pkey')).toBe(true)
    expect(isUniqueViolation(error, 'unique_probe_code_key')).toBe(false)
  })

  it('does not take a not-null violation, a syntax error or a missing table for a unique violation', async () => {
    const notNull = await rejectionOf(database.db.execute(sql.raw(`insert into unique_probe (id) values (3)`)))
    const syntax = await rejectionOf(database.db.execute(sql.raw(`selec 1`)))
    const missing = await rejectionOf(database.db.execute(sql.raw(`select * from no_such_table`)))
    for (const error of [notNull, syntax, missing]) expect(isUniqueViolation(error)).toBe(false)
  })

  it('does not take non-database errors or non-errors for a unique violation', () => {
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint'))).toBe(false)
    expect(isUniqueViolation(Object.assign(new Error('node'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isUniqueViolation(null)).toBe(false)
    expect(isUniqueViolation(undefined)).toBe(false)
    expect(isUniqueViolation('23505')).toBe(false)
  })
})

describe('openPglite with a data directory', () => {
  let tmp: string
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'madang-db-test-'))
  })
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true })
  })

  it('keeps committed rows across close and reopen, creating missing parent directories', async () => {
    const dataDir = path.join(tmp, 'nested', 'deeper', 'pglite')
    const first = await openPglite({ dataDir })
    try {
      await first.db.execute(sql.raw(`create table kept (note text not null)`))
      await first.db.execute(sql.raw(`insert into kept (note) values ('survives a restart')`))
    } finally {
      await first.close()
    }

    const second = await openPglite({ dataDir })
    try {
      const { rows } = await second.client.query<{ note: string }>('select note from kept')
      expect(rows).toEqual([{ note: 'survives a restart' }])
    } finally {
      await second.close()
    }
  })
})
