import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Builds the web app when its inputs changed since the last build (or there is none), so
 * `npm start` serves a current UI without rebuilding on every start. The inputs' content hash is
 * kept in dist/.build-hash. Exported for the browser tests' setup.
 */

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url))
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', '../contracts/src']

function collect(entry: string, files: string[]): void {
  if (!existsSync(entry)) return
  if (statSync(entry).isDirectory()) {
    for (const name of readdirSync(entry).sort()) {
      if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue
      collect(path.join(entry, name), files)
    }
  } else files.push(entry)
}

export function inputsHash(): string {
  const files: string[] = []
  for (const input of INPUTS) collect(path.join(WEB_DIR, input), files)
  const hash = createHash('sha256')
  for (const file of files) hash.update(path.relative(WEB_DIR, file)).update('\0').update(readFileSync(file))
  return hash.digest('hex')
}

export function buildWebIfNeeded(log: (line: string) => void = console.log): void {
  const stamp = path.join(WEB_DIR, 'dist', '.build-hash')
  const hash = inputsHash()
  if (existsSync(path.join(WEB_DIR, 'dist', 'index.html')) && existsSync(stamp)) {
    if (readFileSync(stamp, 'utf8') === hash) return
  }
  log('Building the web app (web/dist)…')
  execFileSync(
    process.execPath,
    [path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js'), 'build'],
    {
      cwd: WEB_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      // The tests' setup runs with NODE_ENV=test; the app they drive must be the production build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
  writeFileSync(stamp, hash)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWebIfNeeded()
