/**
 * Waits for the database to answer, like the seeds' Django `wait_for_db` command but bounded:
 * it tries `attempts` times, `intervalMs` apart, and reports each miss through `onWait`.
 */
export async function waitForDatabase(
  ping: () => Promise<void>,
  options: { attempts: number; intervalMs: number; onWait?: (attempt: number, error: unknown) => void },
): Promise<boolean> {
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      await ping()
      return true
    } catch (error) {
      options.onWait?.(attempt, error)
      if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.intervalMs))
    }
  }
  return false
}
