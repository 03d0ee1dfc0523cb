import { LOCALES, type Locale } from '@madang/contracts'
import i18next, { type TFunction } from 'i18next'
import { coreMessages } from './messages.ts'

/**
 * Localized messages (ko, en) for errors and anything else the server says in words. Core ships
 * its own messages; each module adds a bundle through its manifest.
 */
export interface I18n {
  t(locale: Locale, key: string, params?: Record<string, unknown>): string
  has(key: string): boolean
  /** Picks the best supported locale from an Accept-Language header. */
  negotiate(acceptLanguage: string | undefined): Locale
}

export type MessageTree = { [key: string]: string | MessageTree }
export type MessageBundle = Record<Locale, MessageTree>

export const DEFAULT_LOCALE: Locale = 'en'

export function createI18n(bundles: MessageBundle[]): I18n {
  const instance = i18next.createInstance()
  void instance.init({
    initAsync: false,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    resources: {},
  })
  for (const bundle of [coreMessages, ...bundles]) {
    for (const locale of LOCALES) instance.addResourceBundle(locale, 'translation', bundle[locale], true, true)
  }
  const fixed = new Map<Locale, TFunction>(LOCALES.map((l) => [l, instance.getFixedT(l)]))
  return {
    t(locale, key, params) {
      const t = fixed.get(locale) ?? fixed.get(DEFAULT_LOCALE)
      return t === undefined ? key : String(t(key, params ?? {}))
    },
    has(key) {
      return instance.exists(key, { lng: DEFAULT_LOCALE })
    },
    negotiate(acceptLanguage) {
      return negotiateLocale(acceptLanguage)
    },
  }
}

/** RFC 9110 Accept-Language matching against the supported locales, by quality then order. */
export function negotiateLocale(header: string | undefined): Locale {
  if (header === undefined || header === '') return DEFAULT_LOCALE
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      // RFC 9110 allows spaces around ";" and a "q" parameter in either case.
      const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
      const quality = q === undefined ? 1 : Number(q.slice(2))
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index }
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
  for (const { tag } of ranges) {
    const primary = tag.split('-')[0]
    const match = LOCALES.find((l) => l === primary)
    if (match !== undefined) return match
  }
  return DEFAULT_LOCALE
}
