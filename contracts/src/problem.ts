import { Type, type Static } from 'typebox'

/** One failing field of a validation problem: a JSON pointer into the request and a stable code. */
export const FieldError = Type.Object({
  pointer: Type.String({ description: 'JSON pointer into the request, e.g. /body/password' }),
  code: Type.String({ description: 'Stable code, e.g. validation.too_short' }),
  message: Type.String(),
})
export type FieldError = Static<typeof FieldError>

/**
 * RFC 9457 problem details, the body of every failure (content type application/problem+json).
 * `code` is stable and machine-readable; `title` and `detail` are localized.
 */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String(),
  requestId: Type.String(),
  errors: Type.Optional(Type.Array(FieldError)),
})
export type Problem = Static<typeof Problem>
