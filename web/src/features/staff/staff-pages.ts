// The staff area's lazily loaded code, one chunk: its routes (routes.tsx) import it when first opened.
export { FeedbackDetailPage } from './FeedbackDetailPage.tsx'
export { FeedbackInboxPage } from './FeedbackInboxPage.tsx'
export { JobsPage } from './JobsPage.tsx'
export { StaffLayout } from './StaffLayout.tsx'
