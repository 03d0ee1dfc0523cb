import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/server.ts'

describe('serving the built web app', () => {
  let dist: string
  let server: TestServer
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'madang-web-'))
    mkdirSync(path.join(dist, 'assets'))
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Madang</title><div id="root"></div>')
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("push", () => {})')
    server = await startTestServer({ env: { WEB_DIST_DIR: dist } })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dist, { recursive: true, force: true })
  })

  const html = { accept: 'text/html,application/xhtml+xml' }

  it('answers / and client-side routes with index.html, revalidated on every load', async () => {
    for (const url of ['/', '/planner', '/planner/todos/123?x=1']) {
      const response = await fetch(`${server.url}${url}`, { headers: html })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(response.headers.get('cache-control')).toBe('no-cache')
      expect(await response.text()).toContain('<div id="root">')
    }
  })

  it('caches hashed assets for a year and the service worker not at all', async () => {
    const asset = await fetch(`${server.url}/assets/index-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const worker = await fetch(`${server.url}/sw.js`)
    expect(worker.headers.get('cache-control')).toBe('no-cache')
  })

  it('keeps API, docs and missing files as problems, never the app page', async () => {
    for (const url of ['/api/nothing-here', '/assets/missing.js', '/ws/other']) {
      const response = await fetch(`${server.url}${url}`, { headers: html })
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
    }
    const json = await fetch(`${server.url}/planner`, { headers: { accept: 'application/json' } })
    expect(json.status).toBe(404)
  })

  it('sends a content security policy that lets the app load its own scripts and socket', async () => {
    const response = await fetch(`${server.url}/`, { headers: html })
    const policy = response.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("img-src 'self' data: blob:")
    expect(policy).toContain("worker-src 'self'")
    // The rides map's tiles come from the configured tile server (OpenStreetMap by default).
    expect(policy).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org/)
  })

  it('lets the map load tiles from a configured tile server with subdomains', async () => {
    const other = await startTestServer({
      env: { WEB_DIST_DIR: dist, RIDES_MAP_TILE_URL: 'https://{s}.tiles.example.com/{z}/{x}/{y}.png' },
    })
    try {
      const response = await fetch(`${other.url}/`, { headers: html })
      expect(response.headers.get('content-security-policy')).toMatch(/img-src [^;]*https:\/\/\*\.tiles\.example\.com/)
    } finally {
      await other.close()
    }
  })
})

describe('without a web build', () => {
  it('serves the API alone and answers / with a problem', async () => {
    const server = await startTestServer({ env: { WEB_DIST_DIR: path.join(tmpdir(), 'madang-no-such-dist') } })
    try {
      const response = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })
      expect(response.status).toBe(404)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
