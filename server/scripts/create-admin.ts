// npm run create-admin -- --email a@b.c --username admin --password '...' [--reset-password]
// Creates a staff user, or gives an existing one the staff role. Idempotent. Flags fall back to
// ADMIN_EMAIL, ADMIN_USERNAME and ADMIN_PASSWORD.
import { parseArgs } from 'node:util'
import { readAdminSeed } from '../src/config/index.ts'
import { createCtx } from '../src/ctx.ts'
import { AppError } from '../src/core/errors/app-error.ts'
import { ensureStaffUser } from '../src/modules/accounts/index.ts'
import { fail, loadConfigOrExit } from './cli.ts'

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    'display-name': { type: 'string' },
    'reset-password': { type: 'boolean', default: false },
  },
})
const seed = readAdminSeed()
const email = values.email ?? seed.email
const username = values.username ?? seed.username
const password = values.password ?? seed.password
if (email === undefined || username === undefined || password === undefined) {
  fail('create-admin needs --email, --username and --password (or ADMIN_EMAIL, ADMIN_USERNAME, ADMIN_PASSWORD).')
}

const config = loadConfigOrExit()
const ctx = await createCtx(config)
try {
  await ctx.database.migrate()
  const { user, isCreated } = await ensureStaffUser(
    ctx,
    { email, username, password, displayName: values['display-name'] },
    { resetPassword: values['reset-password'] },
  )
  process.stdout.write(
    isCreated
      ? `Created staff user ${user.username} <${user.email}>.\n`
      : `Staff user ${user.username} <${user.email}> already exists; made sure it has the staff role.\n`,
  )
} catch (error) {
  if (!(error instanceof AppError)) throw error
  const reasons = error.fieldErrors?.map((f) => f.code).join(', ')
  process.stderr.write(`create-admin failed: ${error.code}${reasons === undefined ? '' : ` (${reasons})`}\n`)
  process.exitCode = 1
} finally {
  await ctx.close()
}
