import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config/index.ts'
import { createCtx } from './ctx.ts'

/**
 * The server process: reads the config (exiting with every problem listed when it is wrong),
 * migrates the database, serves HTTP, and shuts down gracefully on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const ctx = await createCtx(config)
  const log = ctx.log
  if (config.migrateOnStart) await ctx.database.migrate()
  const app = await buildApp(ctx)

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
      await app.close()
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

  await app.listen({ host: config.host, port: config.port })
  log.info(
    { url: config.publicUrl, database: ctx.database.kind, realtime: ctx.realtime.layer.kind },
    `Madang is serving at ${config.publicUrl} (API docs: ${config.publicUrl}/docs)`,
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
