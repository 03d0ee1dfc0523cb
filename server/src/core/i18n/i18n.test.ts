import { LOCALES, type Locale } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { createI18n, negotiateLocale, type MessageBundle, type MessageTree } from './index.ts'
import { coreMessages } from './messages.ts'

describe('negotiateLocale', () => {
  it.each<[string | undefined, Locale]>([
    [undefined, 'en'],
    ['', 'en'],
    ['ko', 'ko'],
    ['en', 'en'],
    ['ko-KR', 'ko'],
    ['KO-kr', 'ko'],
    ['en-GB', 'en'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', 'ko'],
    ['en-US,en;q=0.9,ko;q=0.8', 'en'],
    ['ko;q=0.1, en', 'en'],
    ['en;q=0.2, ko;q=0.8', 'ko'],
    ['en;q=0.5, ko;q=0.5', 'en'],
    ['ko;q=0.5, en;q=0.5', 'ko'],
    ['fr, ko;q=0.5', 'ko'],
    ['fr-FR, de;q=0.9, ja', 'en'],
    ['zh-Hant-TW', 'en'],
    ['ko;q=0', 'en'],
    ['ko;q=0, en;q=0.1', 'en'],
    ['*', 'en'],
    ['ko ;q=0.9, en;q=0.1', 'ko'],
    ['en ; q=0.1 , ko ; q=0.9', 'ko'],
    ['ko;Q=0.1, en', 'en'],
    ['ko;q=banana, en;q=0.1', 'en'],
    [';;;,,,', 'en'],
    ['garbage!!', 'en'],
    ['kor', 'en'],
  ])('picks the best supported locale for %j: %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected)
  })
})

describe('createI18n', () => {
  const extra: MessageBundle = {
    en: {
      demo: {
        greeting: 'Hello, {{name}}! You have {{count}} rides.',
        only_en: 'Only in English, {{name}}.',
        markup: 'Raw {{value}}',
      },
    },
    ko: { demo: { greeting: '{{name}}님, 안녕하세요! 탑승이 {{count}}건 있습니다.' } },
  }
  const i18n = createI18n([extra])

  it('interpolates parameters in each locale', () => {
    expect(i18n.t('en', 'demo.greeting', { name: 'Minji', count: 3 })).toBe('Hello, Minji! You have 3 rides.')
    expect(i18n.t('ko', 'demo.greeting', { name: '민지', count: 3 })).toBe('민지님, 안녕하세요! 탑승이 3건 있습니다.')
  })

  it('does not HTML-escape interpolated values, since answers are JSON, not HTML', () => {
    expect(i18n.t('en', 'demo.markup', { value: '<b>&"' })).toBe('Raw <b>&"')
  })

  it('falls back to English for a key Korean lacks', () => {
    expect(i18n.t('ko', 'demo.only_en', { name: '민지' })).toBe('Only in English, 민지.')
  })

  it('returns the key itself for a key no locale has', () => {
    expect(i18n.t('ko', 'demo.nowhere')).toBe('demo.nowhere')
    expect(i18n.has('demo.nowhere')).toBe(false)
  })

  it('knows keys from core and from added bundles', () => {
    expect(i18n.has('demo.greeting')).toBe(true)
    expect(i18n.has('validation.required')).toBe(true)
    expect(i18n.t('ko', 'errors.http.not_found.detail', { method: 'GET', path: '/x' })).toBe(
      'GET /x에는 아무것도 없습니다.',
    )
  })

  it('lets a later bundle add keys without erasing core keys of the same branch', () => {
    const merged = createI18n([
      { en: { validation: { custom: 'Custom.' } }, ko: { validation: { custom: '사용자.' } } },
    ])
    expect(merged.t('ko', 'validation.custom')).toBe('사용자.')
    expect(merged.t('ko', 'validation.required')).toBe('필수 항목입니다.')
  })

  it('keeps instances independent of each other', () => {
    const plain = createI18n([])
    expect(plain.has('demo.greeting')).toBe(false)
    expect(i18n.has('demo.greeting')).toBe(true)
  })

  it('negotiates through the same rules as negotiateLocale', () => {
    expect(i18n.negotiate('ko-KR')).toBe('ko')
    expect(i18n.negotiate(undefined)).toBe('en')
  })
})

describe('core messages', () => {
  it('have the same keys and placeholders in every locale', () => {
    const [first, ...others] = LOCALES.map((locale) => placeholdersByKey(coreMessages[locale]))
    expect(Object.keys(first ?? {}).length).toBeGreaterThan(20)
    for (const other of others) expect(other).toEqual(first)
  })
})

/** Flattens a message tree to `key -> sorted {{placeholders}}`, so locales can be compared. */
function placeholdersByKey(tree: MessageTree, prefix = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'string') {
      result[path] = [...value.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort()
    } else {
      Object.assign(result, placeholdersByKey(value, path))
    }
  }
  return result
}
