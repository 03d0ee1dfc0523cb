import { spawn, type ChildProcess } from 'node:child_process'

/**
 * `npm run dev`: the API server with --watch on :3000 and Vite with hot reload on :5173, which
 * proxies /api, /ws and /docs to the server. Open http://localhost:5173. Ctrl-C stops both.
 */
// The browser's origin is Vite's, which the socket gateway must accept (the proxy keeps Origin).
const serverEnv = {
  ...process.env,
  WS_ORIGINS: process.env.WS_ORIGINS ?? 'http://localhost:5173,http://localhost:3000',
}
const children: ChildProcess[] = [
  spawn('npm', ['run', 'dev', '-w', '@madang/server'], { stdio: 'inherit', env: serverEnv }),
  spawn('npm', ['run', 'dev', '-w', '@madang/web'], { stdio: 'inherit' }),
]

let isStopping = false
function stop(code: number): void {
  if (isStopping) return
  isStopping = true
  for (const child of children) child.kill('SIGTERM')
  process.exitCode = code
}
for (const child of children) child.on('exit', (code) => stop(code ?? 1))
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
