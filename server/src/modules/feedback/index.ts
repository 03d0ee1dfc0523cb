/**
 * Feedback: the contact form of the OneStep original (POST /api/feedback, with an optional
 * screenshot image). Staff are mailed about each new one by the `feedback.notify-staff` job, list
 * it and move it through pending, processing and completed; the author is told of every change
 * (realtime event and the `feedback.notify-author` job's mail). Owns the `feedback` schema and
 * the files under DATA_DIR/uploads/feedback. Depends on core (jobs, mail, realtime) and accounts
 * (staff and authors' addresses and languages).
 */
import type { ModuleManifest } from '../../core/module.ts'
import { feedbackJobs } from './jobs.ts'
import { feedbackMessages } from './messages.ts'
import { feedbackRoutes } from './routes.ts'

export const feedbackModule: ModuleManifest = {
  name: 'feedback',
  routes: feedbackRoutes,
  jobs: feedbackJobs,
  messages: feedbackMessages,
}
