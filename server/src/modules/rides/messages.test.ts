import { ERROR_STATUS } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../core/i18n/index.ts'
import { ridesMessages } from './messages.ts'

const i18n = createI18n([ridesMessages])
const ridesCodes = Object.keys(ERROR_STATUS).filter((code) => code.startsWith('rides.'))

describe('rides messages', () => {
  it('has the thirteen documented rides error codes', () => {
    expect(ridesCodes).toHaveLength(13)
  })

  it.each(ridesCodes)('words %s in English and in Korean', (code) => {
    for (const part of ['title', 'detail']) {
      const key = `errors.${code}.${part}`
      const en = i18n.t('en', key, { perSecond: 2 })
      const ko = i18n.t('ko', key, { perSecond: 2 })
      expect(en).not.toBe(key)
      expect([en, ko].join()).not.toMatch(/\{\{/)
      expect(ko).not.toBe(en)
    }
  })
})
