import type { Locale, Problem } from '@madang/contracts'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldIssue } from '../errors/app-error.ts'
import type { I18n } from '../i18n/index.ts'

/**
 * Turns any failure into RFC 9457 problem details. AppErrors keep their code; Fastify's own
 * request errors (validation, content type, body size, JSON syntax) get stable `http.*` codes;
 * anything else is logged and answered as a generic 500 that reveals nothing.
 */
export function toAppError(error: unknown): { appError: AppError; isUnexpected: boolean } {
  if (error instanceof AppError) return known(error)
  const fe = error as Partial<FastifyError> & { validation?: AjvError[]; validationContext?: string }
  if (Array.isArray(fe.validation)) {
    // A value outside a union of literals fails once per member: report each field and code once.
    const seen = new Set<string>()
    const fieldErrors = fe.validation
      .map((v) => toFieldError(v, fe.validationContext ?? 'body'))
      .filter((f) => !seen.has(`${f.pointer} ${f.code}`) && seen.add(`${f.pointer} ${f.code}`))
    return known(new AppError('http.validation_failed', { fieldErrors }))
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return known(new AppError('http.body_too_large'))
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return known(new AppError('http.unsupported_media_type'))
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return known(new AppError('http.malformed_json'))
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  if (status === 400 && error instanceof SyntaxError) return known(new AppError('http.malformed_json'))
  if (status === 413) return known(new AppError('http.body_too_large'))
  if (status === 415) return known(new AppError('http.unsupported_media_type'))
  if (status === 404) return known(new AppError('http.not_found'))
  if (status === 405) return known(new AppError('http.method_not_allowed'))
  if (status === 429) return known(new AppError('http.rate_limited', { params: { retryAfter: 1 } }))
  if (status >= 400 && status < 500) return known(new AppError('http.bad_request'))
  return { appError: new AppError('http.internal', { cause: error }), isUnexpected: true }
}

function known(appError: AppError): { appError: AppError; isUnexpected: boolean } {
  return { appError, isUnexpected: false }
}

export function renderProblem(appError: AppError, locale: Locale, requestId: string, i18n: I18n): Problem {
  const key = `errors.${appError.code}`
  const problem: Problem = {
    type: `urn:madang:problem:${appError.code}`,
    title: i18n.t(locale, `${key}.title`, appError.params),
    status: appError.status,
    detail: i18n.t(locale, `${key}.detail`, appError.params),
    code: appError.code,
    requestId,
  }
  if (appError.fieldErrors !== undefined) {
    problem.errors = appError.fieldErrors.map((f) => ({
      pointer: f.pointer,
      code: f.code,
      message: i18n.t(locale, i18n.has(f.code) ? f.code : 'validation.invalid', f.params),
    }))
  }
  return problem
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  appError: AppError,
  i18n: I18n,
): FastifyReply {
  const problem = renderProblem(appError, request.locale, request.id, i18n)
  for (const [name, value] of Object.entries(appError.headers)) void reply.header(name, value)
  return reply.code(appError.status).type('application/problem+json; charset=utf-8').send(problem)
}

interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

const FIELD_PARAM_KEYS = ['limit', 'format', 'type'] as const

function toFieldError(error: AjvError, context: string): FieldIssue {
  let pointer = `/${context}${error.instancePath}`
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
    pointer += `/${error.params.missingProperty}`
  }
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    pointer += `/${error.params.additionalProperty}`
  }
  const params: Record<string, string> = {}
  for (const key of FIELD_PARAM_KEYS) {
    const value = error.params[key]
    if (typeof value === 'string' || typeof value === 'number') params[key] = String(value)
  }
  const keyword = ['anyOf', 'oneOf', 'const', 'enum'].includes(error.keyword) ? 'enum' : error.keyword
  return { pointer, code: `validation.${keyword}`, params }
}
