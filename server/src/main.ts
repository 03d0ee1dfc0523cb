import { parseArgs } from 'node:util'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, ROLES, type Config, type Role } from './config/index.ts'
import { createCtx } from './ctx.ts'
import type { App } from './core/http/types.ts'
import { INSTALLED_MODULES } from './modules/index.ts'

/**
 * The server process. It reads the config (exiting with every problem listed when it is wrong),
 * migrates the database, then starts the roles asked for — `api` (HTTP and WebSocket), `worker`
 * (background jobs), `scheduler` (cron firings) — all three by default, or those of `--roles`
 * (`npm run worker` is `--roles worker`). SIGTERM or SIGINT shut it down gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit()
  const roles = rolesFromArgs() ?? config.roles
  const ctx = await createCtx({ ...config, roles })
  const log = ctx.log
  if (config.migrateOnStart) await ctx.database.migrate()
  await ctx.jobs.start()

  let app: App | null = null
  let isClosing = false
  const shutdown = async (signal: string): Promise<void> => {
    if (isClosing) return
    isClosing = true
    log.info({ signal }, 'shutting down')
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs)
    timer.unref()
    try {
      await app?.close()
      await ctx.close()
      log.info('shut down cleanly')
      process.exit(0)
    } catch (error) {
      log.error({ err: error }, 'error during shutdown')
      process.exit(1)
    }
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))

  if (roles.includes('worker')) await ctx.jobs.startWorkers()
  if (roles.includes('scheduler')) await ctx.jobs.startScheduler(INSTALLED_MODULES.flatMap((m) => m.cron ?? []))
  if (roles.includes('api')) {
    app = await buildApp(ctx)
    await app.listen({ host: config.host, port: config.port })
    log.info(
      { url: config.publicUrl, database: ctx.database.kind, realtime: ctx.realtime.layer.kind, roles },
      `Madang is serving at ${config.publicUrl} (API docs: ${config.publicUrl}/docs)`,
    )
  } else {
    log.info({ database: ctx.database.kind, roles }, `Madang is running: ${roles.join(', ')}`)
  }
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}

function rolesFromArgs(): Role[] | null {
  const { values } = parseArgs({ options: { roles: { type: 'string' } }, strict: false })
  if (typeof values.roles !== 'string') return null
  const roles = values.roles.split(',').map((r) => r.trim())
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown.length > 0 || roles.length === 0) {
    process.stderr.write(`--roles takes a comma-separated list of ${ROLES.join(', ')} (got "${values.roles}")\n`)
    process.exit(1)
  }
  return roles as Role[]
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
