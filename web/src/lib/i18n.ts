import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { setApiLanguage } from './api.ts'

/**
 * UI strings in Korean and English, one namespace per feature (`locales/<lang>/<namespace>.json`).
 * The language is the profile's when signed in, else the one chosen on this browser, else the
 * browser's own; API errors are translated from their stable code (namespace `errors`).
 */

export const LANGUAGES = ['ko', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'madang.language'

const bundles = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' })

function resources(): Record<string, Record<string, Record<string, unknown>>> {
  const byLanguage: Record<string, Record<string, Record<string, unknown>>> = {}
  for (const [file, bundle] of Object.entries(bundles)) {
    const match = /locales\/([a-z]+)\/([a-z-]+)\.json$/.exec(file)
    if (match === null) continue
    const [, language = '', namespace = ''] = match
    byLanguage[language] ??= {}
    byLanguage[language][namespace] = bundle
  }
  return byLanguage
}

/** `ko` for any Korean browser language, else English. */
export function pickLanguage(candidates: readonly string[]): Language {
  for (const candidate of candidates) {
    const base = candidate.toLowerCase().split('-')[0]
    if (base === 'ko' || base === 'en') return base
  }
  return 'en'
}

export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved === 'ko' || saved === 'en') return saved
  return pickLanguage(globalThis.navigator?.languages ?? [])
}

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
})
setApiLanguage(i18n.language)
syncDocumentLanguage(i18n.language)

i18n.on('languageChanged', (language) => {
  setApiLanguage(language)
  syncDocumentLanguage(language)
})

function syncDocumentLanguage(language: string): void {
  if (globalThis.document !== undefined) document.documentElement.lang = language
}

/** Switches the UI language and remembers it on this browser. */
export async function changeLanguage(language: Language): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, language)
  if (i18n.language !== language) await i18n.changeLanguage(language)
}
