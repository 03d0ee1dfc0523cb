import type { Locale } from '@madang/contracts'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../core/i18n/index.ts'
import { composeNotification, type Notification, type PendingChange } from './compose.ts'
import { pushMessages } from './messages.ts'

const i18n = createI18n([
  pushMessages,
  {
    en: { planner: { push: { changed: { title: 'Planner', body: '{{title}} changed' } } } },
    ko: { planner: { push: { changed: { title: '플래너', body: '{{title}}이(가) 바뀌었습니다' } } } },
  },
])

const change = (overrides: Partial<PendingChange> = {}): PendingChange => ({
  messageKey: 'planner.push.changed',
  params: { title: 'Groceries' },
  data: { url: '/planner/todos/1' },
  urgency: 'normal',
  ...overrides,
})

const cases: Array<{ name: string; locale: Locale; changes: PendingChange[]; expected: Notification }> = [
  {
    name: 'one change says its own title and body with its params',
    locale: 'en',
    changes: [change()],
    expected: {
      urgency: 'normal',
      payload: { title: 'Planner', body: 'Groceries changed', count: 1, data: { url: '/planner/todos/1' } },
    },
  },
  {
    name: 'one change in Korean',
    locale: 'ko',
    changes: [change()],
    expected: {
      urgency: 'normal',
      payload: { title: '플래너', body: 'Groceries이(가) 바뀌었습니다', count: 1, data: { url: '/planner/todos/1' } },
    },
  },
  {
    name: 'several changes of one kind keep their title, count them and carry the latest data',
    locale: 'en',
    changes: [change(), change({ data: { url: '/planner/todos/2' } }), change({ data: { url: '/planner/todos/3' } })],
    expected: {
      urgency: 'normal',
      payload: { title: 'Planner', body: '3 changes', count: 3, data: { url: '/planner/todos/3' } },
    },
  },
  {
    name: 'several changes of different kinds get the generic title',
    locale: 'ko',
    changes: [change(), change({ messageKey: 'push.test', params: {}, data: {} })],
    expected: { urgency: 'normal', payload: { title: 'Madang', body: '변경 사항 2건', count: 2, data: {} } },
  },
  {
    name: 'the most urgent change sets the urgency',
    locale: 'en',
    changes: [change({ urgency: 'low' }), change({ urgency: 'high' }), change({ urgency: 'very-low' })],
    expected: {
      urgency: 'high',
      payload: { title: 'Planner', body: '3 changes', count: 3, data: { url: '/planner/todos/1' } },
    },
  },
]

describe('composeNotification', () => {
  it.each(cases)('$name', ({ locale, changes, expected }) => {
    expect(composeNotification(i18n, locale, changes)).toEqual(expected)
  })

  it('refuses to compose a notification of no changes', () => {
    expect(() => composeNotification(i18n, 'en', [])).toThrow('at least one change')
  })
})
