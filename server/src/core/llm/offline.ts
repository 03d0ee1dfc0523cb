import {
  clampMinutes,
  clampText,
  DETAIL_MINUTES,
  hasLetters,
  languageOf,
  MAX_STEPS,
  type BreakdownInput,
  type BreakdownLocale,
  type BreakdownProposal,
} from './types.ts'

/**
 * The breakdown used when no language model is configured: pure and deterministic (same input,
 * same output), never empty. It follows the structure the user already wrote, in this order:
 * lines or a bulleted/numbered list (in the todo, else in its memo), then `;`, then `,`, then
 * connectors (`and`, `then`, `그리고`, `및`, `…하고`). A todo with no structure gets a generic plan
 * in its own language ("Plan: …", "Do: …", "Review: …" / "계획: …", "실행: …", "마무리: …") with
 * `count` steps, or 2, 3 or 5 for coarse, normal and fine. A list longer than `count` (at most 10)
 * is merged into that many steps, in order; a shorter one is kept as it is.
 */
export function splitOffline(input: Omit<BreakdownInput, 'signal'>): BreakdownProposal[] {
  const detail = input.detail ?? 'normal'
  const minutes = DETAIL_MINUTES[detail]
  const memo = input.memo ?? ''
  const items = explicitSteps(input.content) ?? listSteps(memo)
  if (items !== null) {
    return groupInOrder(items, input.count ?? MAX_STEPS).map((group) => ({
      content: clampText(group.join(', ')),
      estimatedMinutes: clampMinutes(minutes.main * group.length),
    }))
  }
  const language = hasLetters(input.content) ? languageOf(input.content) : languageOf(memo, input.locale)
  const todo = cleanItem(input.content)
  const phases = phasesFor(input.count ?? DEFAULT_STEPS[detail])
  const doCount = phases.filter((phase) => phase === 'do').length
  let doIndex = 0
  return phases.map((phase) => {
    const label = PHASE_LABELS[language][phase]
    const part = phase === 'do' && doCount > 1 ? ` (${++doIndex}/${doCount})` : ''
    return {
      content: clampText(`${label}${part}: ${todo}`),
      estimatedMinutes: clampMinutes(phase === 'do' ? minutes.main : minutes.side),
    }
  })
}

type Phase = 'plan' | 'prepare' | 'do' | 'check' | 'finish'

const DEFAULT_STEPS = { coarse: 2, normal: 3, fine: 5 } as const

const PHASE_LABELS: Record<BreakdownLocale, Record<Phase, string>> = {
  en: { plan: 'Plan', prepare: 'Prepare', do: 'Do', check: 'Check', finish: 'Review' },
  ko: { plan: '계획', prepare: '준비', do: '실행', check: '점검', finish: '마무리' },
}

/** The generic plan of n steps: the work itself in the middle, split into parts past five steps. */
function phasesFor(n: number): Phase[] {
  switch (n) {
    case 1:
      return ['do']
    case 2:
      return ['plan', 'do']
    case 3:
      return ['plan', 'do', 'finish']
    case 4:
      return ['plan', 'prepare', 'do', 'finish']
    default:
      return ['plan', 'prepare', ...Array.from({ length: n - 4 }, (): Phase => 'do'), 'check', 'finish']
  }
}

/** `-`, `*`, `•`, `1.`, `2)`, `(3)`, `①` and `[ ]`/`[x]` checkboxes at the start of a line. */
const BULLET = /^(?:(?:[-*+•·▪◦‣–—]|\d{1,2}[.)]|\(\d{1,2}\))\s+|[\u2460-\u2473]\s*)?(?:\[[ xX]?\]\s+)?/u
const TRAILING_PUNCTUATION = /[\s.。;,、]+$/u

function isBulleted(line: string): boolean {
  return (BULLET.exec(line)?.[0] ?? '') !== ''
}

function cleanItem(text: string): string {
  return text.replace(BULLET, '').replace(/\s+/g, ' ').replace(TRAILING_PUNCTUATION, '').trim()
}

/** Two or more steps the todo text spells out, or null when it is one undivided task. */
function explicitSteps(content: string): string[] | null {
  const lines = nonEmptyLines(content)
  if (lines.length > 1) return listSteps(content)
  const line = lines[0] ?? ''
  return splitInline(line)
}

/** The items of a text of two or more lines; a heading line over a list of bullets is left out. */
function listSteps(text: string): string[] | null {
  let lines = nonEmptyLines(text)
  if (lines.length < 2) return null
  const [first, ...rest] = lines
  if (first !== undefined && !isBulleted(first) && rest.length >= 2 && rest.every(isBulleted)) lines = rest
  return atLeastTwo(lines.map(cleanItem))
}

function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** A comma that separates items, not the thousands in "1,000". */
const LIST_COMMA = /\s*(?:,(?!\d)|、)\s*/u
const LEADING_CONNECTOR = /^(?:and then|and|then|그리고)\s+/iu
/** Connectors between whole steps. `…하고` ends a verb ("청소하고"): its step becomes "청소하기". */
const CONNECTOR = /\s+(?:and then|then|and)\s+|\s+(?:그리고|및)\s+|(?<=\S)하고\s+/giu

function splitInline(line: string): string[] | null {
  const bySemicolon = atLeastTwo(line.split(/\s*;\s*/).map(cleanItem))
  if (bySemicolon !== null) return bySemicolon
  const byComma = atLeastTwo(line.split(LIST_COMMA).map((part) => cleanItem(part.replace(LEADING_CONNECTOR, ''))))
  if (byComma !== null) return byComma
  return splitOnConnectors(line)
}

function splitOnConnectors(line: string): string[] | null {
  const parts: string[] = []
  let start = 0
  for (const match of line.matchAll(CONNECTOR)) {
    const piece = line.slice(start, match.index)
    parts.push(match[0].startsWith('하고') ? `${piece}하기` : piece)
    start = match.index + match[0].length
  }
  parts.push(line.slice(start))
  const items = parts.map(cleanItem)
  // "Research and development" or "salt and pepper" name one thing; split only whole phrases.
  if (items.length < 2 || !items.every(isPhrase)) return null
  return items
}

function isPhrase(item: string): boolean {
  if (/[\uac00-\ud7af]/u.test(item)) return Array.from(item).length >= 2
  return item.split(' ').length >= 2
}

function atLeastTwo(items: string[]): string[] | null {
  const kept = items.filter((item) => item !== '')
  return kept.length >= 2 ? kept : null
}

/** Splits items into at most `max` consecutive groups, the earlier groups taking any extra item. */
function groupInOrder(items: string[], max: number): string[][] {
  const groups = Math.min(items.length, Math.max(1, Math.min(max, MAX_STEPS)))
  const size = Math.floor(items.length / groups)
  const extra = items.length % groups
  const result: string[][] = []
  let start = 0
  for (let i = 0; i < groups; i++) {
    const end = start + size + (i < extra ? 1 : 0)
    result.push(items.slice(start, end))
    start = end
  }
  return result
}
