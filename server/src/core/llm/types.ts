/** The shapes and limits every breakdown path shares, and the pure helpers both paths use. */

export type BreakdownDetail = 'coarse' | 'normal' | 'fine'
export type BreakdownLocale = 'ko' | 'en'
export type BreakdownSource = 'llm' | 'offline'

export interface BreakdownInput {
  /** The todo's text. */
  content: string
  memo?: string | null
  /** Exactly this many steps (1-10); the engine picks a sensible number when omitted. */
  count?: number
  /** Step size: coarse ≈ 2-3 h, normal ≈ 1 h (default), fine ≈ 15-30 min. */
  detail?: BreakdownDetail
  /** The user's language, used only when the todo's text does not reveal one (e.g. "3D"). */
  locale?: BreakdownLocale
  signal?: AbortSignal
}

export interface BreakdownProposal {
  /** 1-255 characters, trimmed. */
  content: string
  estimatedMinutes: number
}

export interface Breakdown {
  source: BreakdownSource
  /** The model that answered, as the provider names it; null for the offline splitter. */
  model: string | null
  proposals: BreakdownProposal[]
}

export const MAX_STEPS = 10
export const MAX_CONTENT_LENGTH = 255
export const MIN_STEP_MINUTES = 5
export const MAX_STEP_MINUTES = 8 * 60

/** Typical minutes of a main step and of a side step (planning, review) at each detail level. */
export const DETAIL_MINUTES: Record<BreakdownDetail, { main: number; side: number }> = {
  coarse: { main: 150, side: 60 },
  normal: { main: 60, side: 30 },
  fine: { main: 25, side: 15 },
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u
const LETTER = /\p{L}/u

/**
 * The language to answer in: Korean when the text has any Hangul, English when it has other
 * letters, else the user's locale hint (English without one).
 */
export function languageOf(text: string, hint?: BreakdownLocale): BreakdownLocale {
  if (HANGUL.test(text)) return 'ko'
  if (LETTER.test(text)) return 'en'
  return hint ?? 'en'
}

/** True when the text has letters of some script, so "its language" means something. */
export function hasLetters(text: string): boolean {
  return LETTER.test(text)
}

/** Collapses whitespace and cuts to `max` characters (code points, never half a surrogate pair). */
export function clampText(text: string, max = MAX_CONTENT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = Array.from(flat)
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
}

export function clampMinutes(minutes: number): number {
  return Math.min(MAX_STEP_MINUTES, Math.max(MIN_STEP_MINUTES, Math.round(minutes)))
}

/** Throws a RangeError for input no caller should send (the route's schema already rules it out). */
export function assertBreakdownInput(input: BreakdownInput): void {
  if (input.content.trim() === '') throw new RangeError('breakDown needs the todo text')
  if (input.count !== undefined && !(Number.isInteger(input.count) && input.count >= 1 && input.count <= MAX_STEPS)) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_STEPS} (got ${input.count})`)
  }
}
