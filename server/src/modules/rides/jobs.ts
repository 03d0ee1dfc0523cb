import { Type } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import type { JobDefinition } from '../../core/jobs/index.ts'
import { WIDEN_SEARCH_JOB } from './service/dispatch.ts'
import { widenSearch, type WidenSearchPayload } from './service/widen.ts'

export function ridesJobs(ctx: Ctx): JobDefinition<never>[] {
  const widen: JobDefinition<WidenSearchPayload> = {
    name: WIDEN_SEARCH_JOB,
    payload: Type.Object({ tripId: Type.String({ format: 'uuid' }), radiusKm: Type.Number({ exclusiveMinimum: 0 }) }),
    retryLimit: 2,
    retryDelaySeconds: 2,
    timeoutSeconds: 60,
    handle: (payload) => widenSearch(ctx, payload),
  }
  return [widen]
}
