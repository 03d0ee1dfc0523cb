import type { Locale } from '@madang/contracts'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { changeLanguage, LANGUAGES, type Language } from '../../lib/i18n.ts'
import { updateUser } from '../../lib/session.ts'
import { updateMe } from './queries.ts'
import { Section } from './Section.tsx'

/** Each language named in itself, so anyone can find their own. */
const NATIVE_NAMES: Record<Language, string> = { ko: '한국어', en: 'English' }

/** Switches the UI at once and saves the choice to the profile, so the user's other devices follow. */
export function LanguageSection() {
  const { t, i18n } = useTranslation('settings')
  const current: Language = i18n.resolvedLanguage === 'ko' ? 'ko' : 'en'
  const save = useMutation({
    mutationFn: (locale: Locale) => updateMe({ locale }),
    onSuccess: updateUser,
  })
  const choose = async (next: Language) => {
    const previous = current
    await changeLanguage(next)
    save.mutate(next, {
      // Unsaved, the profile's language would come back on the next load: show that now.
      onError: () => void changeLanguage(previous),
    })
  }
  return (
    <Section title={t('language.title')} description={t('language.description')}>
      {/* Not disabled while saving: that would take focus from the radio a keyboard user just chose.
          Changes are sent in order, so the last choice is the one saved. */}
      <fieldset className="settings-choices" aria-busy={save.isPending || undefined}>
        <legend className="visually-hidden">{t('language.title')}</legend>
        {LANGUAGES.map((language) => (
          <label key={language} className="settings-choice" lang={language}>
            <input
              type="radio"
              name="language"
              value={language}
              checked={current === language}
              onChange={() => void choose(language)}
            />
            {NATIVE_NAMES[language]}
          </label>
        ))}
      </fieldset>
      <p className="settings-status" role="status">
        {save.isSuccess ? t('saved') : ''}
      </p>
      <FormError error={save.error} />
    </Section>
  )
}
