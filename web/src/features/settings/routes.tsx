import type { RouteObject } from 'react-router'

function SettingsPlaceholder() {
  return <h1>Settings</h1>
}

export const settingsRoutes: RouteObject[] = [{ path: 'settings', element: <SettingsPlaceholder /> }]
