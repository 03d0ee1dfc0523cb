/**
 * Tasks: the user-facing view of background jobs (GET /api/tasks/:id, DELETE to cancel). Owns no
 * tables: the task rows belong to core/jobs, which also publishes every change on `user:<id>`.
 */
import type { ModuleManifest } from '../../core/module.ts'
import { tasksRoutes } from './routes.ts'

export const tasksModule: ModuleManifest = {
  name: 'tasks',
  routes: tasksRoutes,
  messages: {
    en: {
      errors: {
        tasks: {
          task_not_found: { title: 'Task not found', detail: 'You have no task with this id.' },
          task_finished: { title: 'Task already finished', detail: 'The task has finished and cannot be cancelled.' },
          task_not_retryable: {
            title: 'Task not retryable',
            detail: 'Only a failed or cancelled task can be retried.',
          },
        },
      },
    },
    ko: {
      errors: {
        tasks: {
          task_not_found: { title: '작업을 찾을 수 없음', detail: '이 id의 작업이 없습니다.' },
          task_finished: { title: '이미 끝난 작업', detail: '끝난 작업은 취소할 수 없습니다.' },
          task_not_retryable: {
            title: '다시 시도할 수 없는 작업',
            detail: '실패했거나 취소된 작업만 다시 시도할 수 있습니다.',
          },
        },
      },
    },
  },
}
