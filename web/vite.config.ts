import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The API server `npm run dev` proxies to (the server's own default port). */
const apiTarget = 'http://localhost:3000'

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/docs': apiTarget,
      '/ws': { target: apiTarget, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
})
