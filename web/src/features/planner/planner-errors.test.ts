import { describe, expect, it } from 'vitest'
import { ApiError } from '../../lib/api.ts'
import { errorMessage } from '../../lib/errors.ts'
import { i18n } from '../../lib/i18n.ts'

describe('planner error messages', () => {
  it.each([
    ['en', 'You just asked for a breakdown. Try again in 7 seconds.'],
    ['ko', '방금 세분화를 요청했습니다. 7초 후에 다시 시도해 주세요.'],
  ])('tell in %s how long the breakdown cooldown still lasts', async (language, expected) => {
    await i18n.changeLanguage(language)
    const error = new ApiError(429, 'planner.breakdown_cooldown', null, 7)
    expect(errorMessage(i18n.t, error)).toBe(expected)
  })

  it.each(['category_not_empty', 'stale_neighbours', 'invalid_move_target', 'due_time_without_date', 'todo_not_found'])(
    'has an English and a Korean message for planner.%s',
    async (code) => {
      const messages = []
      for (const language of ['en', 'ko']) {
        await i18n.changeLanguage(language)
        messages.push(errorMessage(i18n.t, new ApiError(400, `planner.${code}`, null)))
      }
      expect(messages[0]).not.toBe(i18n.t('errors:generic', { lng: 'en' }))
      expect(messages[0]).not.toBe(messages[1])
    },
  )
})
