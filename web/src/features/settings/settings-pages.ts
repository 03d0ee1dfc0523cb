// The settings' lazily loaded code, one chunk: its routes (routes.tsx) import it when first opened.
export { DevicesPage } from './DevicesPage.tsx'
export { FeedbackPage } from './FeedbackPage.tsx'
export { GeneralSettingsPage } from './GeneralSettingsPage.tsx'
export { SettingsLayout } from './SettingsLayout.tsx'
