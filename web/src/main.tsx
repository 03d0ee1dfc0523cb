import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './lib/i18n.ts'
import './styles.css'
import { App } from './app/App.tsx'
import { registerServiceWorker } from './lib/push.ts'

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// The service worker shows push notifications; under the dev server it would only get in the way of
// HMR. MODE, unlike PROD, does not depend on NODE_ENV, which a build started from a test run inherits.
if (import.meta.env.MODE === 'production') {
  registerServiceWorker().catch((error: unknown) => console.warn('service worker registration failed', error))
}
