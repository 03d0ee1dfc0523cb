/**
 * Admin: staff pages of the platform, starting with the job system (GET /api/admin/jobs, retry and
 * cancel). Owns no tables; reads through core/jobs.
 */
import type { ModuleManifest } from '../../core/module.ts'
import { adminRoutes } from './routes.ts'

export const adminModule: ModuleManifest = { name: 'admin', routes: adminRoutes }
