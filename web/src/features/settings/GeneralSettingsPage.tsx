import { LanguageSection } from './LanguageSection.tsx'
import { PasswordSection } from './PasswordSection.tsx'
import { PushSection } from './PushSection.tsx'
import { RemindersSection } from './RemindersSection.tsx'
import { TimeZoneSection } from './TimeZoneSection.tsx'

/** Language, time zone, reminders, notifications and password. */
export function GeneralSettingsPage() {
  return (
    <>
      <LanguageSection />
      <TimeZoneSection />
      <RemindersSection />
      <PushSection />
      <PasswordSection />
    </>
  )
}
