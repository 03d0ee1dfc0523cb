import { Type, type Static } from 'typebox'

/** A message from staff to a list of addresses, sent by a background job (202 + task). */
export const BroadcastBody = Type.Object(
  {
    recipients: Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
    }),
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    text: Type.String({ minLength: 1, maxLength: 50_000 }),
  },
  { additionalProperties: false },
)
export type BroadcastBody = Static<typeof BroadcastBody>

/** The result of a finished broadcast task: how many went out, and what failed and why. */
export const BroadcastResult = Type.Object({
  sent: Type.Integer(),
  failed: Type.Array(Type.Object({ recipient: Type.String(), code: Type.String(), reason: Type.String() })),
})
export type BroadcastResult = Static<typeof BroadcastResult>
