/**
 * Planner (the OneStep todo app): categories, todos with a date (or none: the inbox) and their
 * subtodos, each kept in order by server-side fractional ranks, and the AI breakdown that proposes
 * subtodos (the planner.breakdown job). Owns the `planner` schema; its rows belong to accounts
 * users (foreign keys only). Depends on core (jobs, llm); every change is announced on the owner's
 * `user:<id>` channel (service/announce.ts).
 */
import type { ModuleManifest } from '../../core/module.ts'
import { REMINDERS_JOB, plannerJobs } from './jobs.ts'
import { plannerMessages } from './messages.ts'
import { plannerRoutes } from './routes.ts'

export const plannerModule: ModuleManifest = {
  name: 'planner',
  routes: plannerRoutes,
  jobs: plannerJobs,
  messages: plannerMessages,
  // Every minute; each user's slots are checked in their own time zone (service/reminders.ts).
  cron: [{ job: REMINDERS_JOB, cron: '* * * * *', timeZone: 'UTC' }],
}
