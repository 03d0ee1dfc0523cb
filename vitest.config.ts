import { defineConfig } from 'vitest/config'

/** `npm test`: the server's suite, the web app's component and lib tests, and the browser journeys. */
export default defineConfig({
  test: {
    projects: ['server/vitest.config.ts', 'web/vitest.config.ts'],
  },
})
