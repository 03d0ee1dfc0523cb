import { ERROR_STATUS } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../core/i18n/index.ts'
import { plannerMessages } from './messages.ts'

const i18n = createI18n([plannerMessages])
const plannerCodes = Object.keys(ERROR_STATUS).filter((code) => code.startsWith('planner.'))

describe('planner messages', () => {
  it('has the ten documented planner error codes', () => {
    expect(plannerCodes).toHaveLength(10)
  })

  it.each(plannerCodes)('words %s in English and in Korean', (code) => {
    for (const part of ['title', 'detail']) {
      const key = `errors.${code}.${part}`
      const en = i18n.t('en', key, { count: 2, max: 62, retryAfter: 7 })
      const ko = i18n.t('ko', key, { count: 2, max: 62, retryAfter: 7 })
      expect(en).not.toBe(key)
      expect([en, ko].join()).not.toMatch(/\{\{/)
      // A missing Korean text would fall back to the English one.
      expect(ko).not.toBe(en)
    }
  })
})
