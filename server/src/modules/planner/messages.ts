import type { MessageBundle } from '../../core/i18n/index.ts'

export const plannerMessages: MessageBundle = {
  en: {
    errors: {
      planner: {
        category_not_found: { title: 'Category not found', detail: 'You have no category with this id.' },
        todo_not_found: { title: 'Todo not found', detail: 'You have no todo with this id.' },
        subtodo_not_found: { title: 'Subtodo not found', detail: 'You have no subtodo with this id.' },
        category_not_empty: {
          title: 'Category has todos',
          detail:
            'The category still has {{count}} todo(s). Delete with ?todos=delete, or ?todos=move&to=<id> to keep them.',
        },
        stale_neighbours: {
          title: 'The list has changed',
          detail: 'The neighbours you named are no longer in that list or in that order. Reload the list and retry.',
        },
        invalid_neighbour: { title: 'Invalid neighbour', detail: 'An item cannot be its own neighbour.' },
        invalid_move_target: {
          title: 'Invalid target category',
          detail: 'To move the todos, name another of your categories with ?todos=move&to=<id>.',
        },
        invalid_date_range: {
          title: 'Invalid date range',
          detail: '`from` must not be after `to`, and a range covers at most {{max}} days.',
        },
        due_time_without_date: { title: 'Due time without a date', detail: 'Give the todo a date to set a due time.' },
        breakdown_cooldown: {
          title: 'Too soon for another breakdown',
          detail: 'You can ask for the next AI breakdown in {{retryAfter}} seconds.',
        },
      },
    },
    planner: {
      push: {
        changed: { title: 'Planner', body: 'Your planner changed on another device.' },
        reminder: { title: 'Today: {{count}} to do', body: '{{list}}' },
      },
      validation: {
        no_such_item: 'You have no such item.',
        same_category: 'Must be another category than the one deleted.',
        to_without_move: 'Only allowed with todos=move.',
        range_reversed: 'Must not be before `from`.',
        range_too_long: 'Must be at most {{limit}} days after `from`, both included.',
        due_time_without_date: 'Needs a date.',
      },
    },
  },
  ko: {
    errors: {
      planner: {
        category_not_found: { title: '카테고리를 찾을 수 없음', detail: '이 id의 카테고리가 없습니다.' },
        todo_not_found: { title: '할 일을 찾을 수 없음', detail: '이 id의 할 일이 없습니다.' },
        subtodo_not_found: { title: '하위 할 일을 찾을 수 없음', detail: '이 id의 하위 할 일이 없습니다.' },
        category_not_empty: {
          title: '할 일이 남은 카테고리',
          detail:
            '카테고리에 할 일이 {{count}}개 남아 있습니다. ?todos=delete로 함께 지우거나 ?todos=move&to=<id>로 옮기세요.',
        },
        stale_neighbours: {
          title: '목록이 바뀌었습니다',
          detail: '지정한 이웃 항목이 더 이상 그 목록에 없거나 순서가 다릅니다. 목록을 새로 불러와 다시 시도하세요.',
        },
        invalid_neighbour: { title: '잘못된 이웃 항목', detail: '항목은 자기 자신의 이웃이 될 수 없습니다.' },
        invalid_move_target: {
          title: '잘못된 대상 카테고리',
          detail: '할 일을 옮기려면 ?todos=move&to=<id>로 다른 카테고리를 지정하세요.',
        },
        invalid_date_range: {
          title: '잘못된 날짜 범위',
          detail: '`from`은 `to`보다 늦을 수 없고, 범위는 최대 {{max}}일입니다.',
        },
        due_time_without_date: { title: '날짜 없는 마감 시간', detail: '마감 시간을 정하려면 먼저 날짜를 정하세요.' },
        breakdown_cooldown: {
          title: 'AI 나누기를 잠시 후에 다시 하세요',
          detail: '{{retryAfter}}초 뒤에 다음 AI 나누기를 요청할 수 있습니다.',
        },
      },
    },
    planner: {
      push: {
        changed: { title: '플래너', body: '다른 기기에서 플래너가 바뀌었어요.' },
        reminder: { title: '오늘 할 일 {{count}}개', body: '{{list}}' },
      },
      validation: {
        no_such_item: '해당 항목이 없습니다.',
        same_category: '삭제하는 카테고리와 다른 카테고리여야 합니다.',
        to_without_move: 'todos=move와 함께만 쓸 수 있습니다.',
        range_reversed: '`from`보다 앞설 수 없습니다.',
        range_too_long: '`from`부터 최대 {{limit}}일까지입니다(양 끝 포함).',
        due_time_without_date: '날짜가 필요합니다.',
      },
    },
  },
}
