import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

export const TaskState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('active'),
  Type.Literal('retrying'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])
export type TaskState = Static<typeof TaskState>

/** Background work a user started (a breakdown, a broadcast): its state, progress and outcome. */
export const Task = Type.Object({
  id: Type.String({ format: 'uuid' }),
  job: Type.String({ description: 'Job name, e.g. mail.broadcast' }),
  state: TaskState,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  progressMessage: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown(),
  error: Type.Union([Type.Object({ message: Type.String(), code: Type.Optional(Type.String()) }), Type.Null()]),
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  updatedAt: Timestamp,
})
export type Task = Static<typeof Task>

/** What an endpoint that starts background work answers with (202). */
export const TaskRef = Type.Object({ taskId: Type.String({ format: 'uuid' }), state: TaskState })
export type TaskRef = Static<typeof TaskRef>

/** Realtime event on the owner's user channel whenever a task changes state or progress. */
export const TASK_CHANGED_EVENT = 'tasks.task_changed'

const StateCounts = Type.Object({
  queued: Type.Integer(),
  active: Type.Integer(),
  retrying: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  cancelled: Type.Integer(),
})

/** The staff view of the job system: counts per job and state, and the latest failures. */
export const JobsOverview = Type.Object({
  queues: Type.Array(Type.Object({ job: Type.String(), counts: StateCounts })),
  recentFailures: Type.Array(
    Type.Intersect([Task, Type.Object({ ownerId: Type.Union([Type.String(), Type.Null()]) })]),
  ),
})
export type JobsOverview = Static<typeof JobsOverview>
