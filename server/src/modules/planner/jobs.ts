import { BreakdownDetail, Locale, type BreakdownResult } from '@madang/contracts'
import { Type, type Static } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import { sendDueReminders } from './service/reminders.ts'
import type { JobDefinition } from '../../core/jobs/index.ts'
import { createBreakdownEngine, type BreakdownEngine } from '../../core/llm/index.ts'
import { findSubtodo, findTodo } from './repository/index.ts'

export const BREAKDOWN_JOB = 'planner.breakdown'

export const BreakdownPayload = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  parentType: Type.Union([Type.Literal('todo'), Type.Literal('subtodo')]),
  parentId: Type.String({ format: 'uuid' }),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  detail: Type.Optional(BreakdownDetail),
  /** The owner's language, for a todo whose text does not show one (e.g. "2025"). */
  locale: Locale,
})
export type BreakdownPayload = Static<typeof BreakdownPayload>

/** One retry, soon: a user is waiting for the proposals. */
const RETRY_LIMIT = 1
const RETRY_DELAY_SECONDS = 1

/** The task's error when the todo or subtodo was deleted before the job ran. */
class BreakdownParentGone extends Error {
  readonly code: 'planner.todo_not_found' | 'planner.subtodo_not_found'
  constructor(parentType: BreakdownPayload['parentType']) {
    super(`The ${parentType} was deleted before it could be broken down`)
    this.name = 'BreakdownParentGone'
    this.code = parentType === 'todo' ? 'planner.todo_not_found' : 'planner.subtodo_not_found'
  }
}

/**
 * The AI breakdown: proposes subtodos for a todo or a subtodo through the language model of
 * LLM_BASE_URL, or the offline splitter without one, and returns them as the task's result
 * (BreakdownResult). It writes nothing to the planner, so running again is harmless. Progress:
 * 10 once the item is loaded, 90 once the proposals are in.
 *
 * A failure fails the run with the cause's code: an LlmError (llm.timeout, llm.provider_error,
 * llm.malformed_output, llm.refused) or planner.todo_not_found / planner.subtodo_not_found when the
 * item is gone. The run is retried once after a short delay and the task is `failed` after that,
 * also for errors a retry cannot fix (llm.refused, an HTTP 4xx): core/jobs gives a handler no way
 * to fail for good before its last attempt.
 */
export const REMINDERS_JOB = 'planner.send-reminders'

export function plannerJobs(ctx: Ctx): JobDefinition<never>[] {
  // Made on the first breakdown, not here: every process builds the jobs (create-admin too), and
  // only a worker that runs one should say which engine it uses.
  let engine: BreakdownEngine | null = null

  const breakdown: JobDefinition<BreakdownPayload> = {
    name: BREAKDOWN_JOB,
    payload: BreakdownPayload,
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: RETRY_DELAY_SECONDS,
    retryBackoff: false,
    // A provider that refuses json_schema is asked twice; leave room for both requests.
    timeoutSeconds: Math.ceil((2 * ctx.config.llm.timeoutMs) / 1000) + 30,
    async handle(payload, job): Promise<BreakdownResult> {
      const parent = await loadParent(ctx, payload)
      if (parent === undefined) throw new BreakdownParentGone(payload.parentType)
      engine ??= createBreakdownEngine(ctx.config.llm, ctx.log)
      await job.progress(10, engine.source === 'llm' ? 'Asking the language model' : 'Splitting offline')
      const { source, model, proposals } = await engine.breakDown({
        content: parent.content,
        memo: parent.memo,
        count: payload.count,
        detail: payload.detail,
        locale: payload.locale,
        signal: job.signal,
      })
      await job.progress(90, `${proposals.length} proposals`)
      return {
        source,
        model,
        parentType: payload.parentType,
        parentId: payload.parentId,
        todoId: parent.todoId,
        proposals,
      }
    },
  }
  const reminders: JobDefinition<Record<string, never>> = {
    name: REMINDERS_JOB,
    payload: Type.Object({}),
    retryLimit: 0,
    timeoutSeconds: 5 * 60,
    handle: () => sendDueReminders(ctx),
  }
  return [breakdown, reminders]
}

async function loadParent(
  ctx: Ctx,
  payload: BreakdownPayload,
): Promise<{ content: string; memo: string | null; todoId: string } | undefined> {
  if (payload.parentType === 'todo') {
    const todo = await findTodo(ctx.db, payload.userId, payload.parentId)
    return todo === undefined ? undefined : { content: todo.content, memo: todo.memo, todoId: todo.id }
  }
  const subtodo = await findSubtodo(ctx.db, payload.userId, payload.parentId)
  // A subtodo's todo is context, not the text to split: its memo would lead the offline splitter astray.
  return subtodo === undefined ? undefined : { content: subtodo.content, memo: null, todoId: subtodo.todoId }
}
