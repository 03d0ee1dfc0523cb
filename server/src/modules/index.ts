import type { ModuleManifest } from '../core/module.ts'
import { accountsModule } from './accounts/index.ts'
import { adminModule } from './admin/index.ts'
import { feedbackModule } from './feedback/index.ts'
import { mailModule } from './mail/index.ts'
import { plannerModule } from './planner/index.ts'
import { pushModule } from './push/index.ts'
import { ridesModule } from './rides/index.ts'
import { tasksModule } from './tasks/index.ts'

/** The installed modules, in load order, like Django's INSTALLED_APPS. */
export const INSTALLED_MODULES: readonly ModuleManifest[] = [
  accountsModule,
  tasksModule,
  adminModule,
  mailModule,
  feedbackModule,
  pushModule,
  plannerModule,
  ridesModule,
]
