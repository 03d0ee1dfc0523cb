import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from './types.ts'

/** Paths the web app never owns: the API, the socket, the docs and the probes answer themselves. */
const SERVER_PREFIXES = ['/api/', '/api', '/ws', '/docs', '/healthz', '/readyz']

/**
 * Serves the built web app (Vite's `dist/`) at `/`. Hashed assets are cached for a year; the
 * HTML, the service worker and the manifest are revalidated on every load so a deploy shows at
 * once. A GET for an unknown path that accepts HTML gets index.html (client-side routes).
 * Returns false when there is no build to serve (the API still works).
 */
export async function registerWebApp(app: App, distDir: string): Promise<boolean> {
  const indexFile = path.join(distDir, 'index.html')
  if (!existsSync(indexFile)) return false
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      const isHashedAsset = filePath.includes(`${path.sep}assets${path.sep}`)
      void res.header('cache-control', isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
      if (filePath.endsWith('sw.js')) void res.header('service-worker-allowed', '/')
    },
  })
  return true
}

/** True when a request that matched no route should get the web app's index.html. */
export function wantsWebApp(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const pathname = request.url.split('?')[0] ?? '/'
  if (SERVER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false
  if (path.extname(pathname) !== '') return false
  return (request.headers.accept ?? '').includes('text/html')
}

export function sendWebApp(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html')
}
