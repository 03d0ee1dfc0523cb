import type { MessageBundle } from '../../core/i18n/index.ts'

export const ridesMessages: MessageBundle = {
  en: {
    errors: {
      rides: {
        trip_not_found: { title: 'Trip not found', detail: 'You have no trip with this id.' },
        not_a_driver: { title: 'Drivers only', detail: 'Add your vehicle (a driver profile) before you drive.' },
        not_allowed: { title: 'Not yours to do', detail: 'Only the other participant of this trip may do this.' },
        trip_taken: { title: 'Trip already taken', detail: 'Another driver accepted this trip first.' },
        invalid_transition: {
          title: 'Not possible now',
          detail: 'The trip’s status does not allow this any more (or not yet).',
        },
        own_trip: { title: 'Your own trip', detail: 'You cannot drive a trip you requested yourself.' },
        driver_offline: { title: 'You are offline', detail: 'Go online to see and accept trips.' },
        driver_busy: { title: 'You are on a trip', detail: 'Finish or withdraw from your current trip first.' },
        rider_busy: {
          title: 'You already have a trip',
          detail: 'Cancel or finish your current trip before requesting another.',
        },
        already_rated: { title: 'Already rated', detail: 'Each trip is rated once.' },
        location_unknown: {
          title: 'Where are you?',
          detail: 'Send your location (or pass lat and lng) to see the trips near you.',
        },
        invalid_cursor: { title: 'Invalid cursor', detail: 'Use the nextCursor of a previous page.' },
        location_rate_limited: {
          title: 'Too many locations',
          detail: 'Send at most {{perSecond}} locations per second.',
        },
      },
    },
    rides: {
      push: {
        accepted: { title: 'Driver found', body: '{{driver}} is on the way — {{vehicle}} {{plate}}' },
        withdrawn: { title: 'Your driver had to cancel', body: 'We are looking for another driver.' },
        completed: { title: 'You have arrived', body: 'How was your ride? Tap to rate it.' },
        cancelled: { title: 'Trip cancelled', body: 'The rider cancelled the trip from {{pickUp}}.' },
      },
    },
  },
  ko: {
    errors: {
      rides: {
        trip_not_found: { title: '운행을 찾을 수 없음', detail: '이 id의 운행이 없습니다.' },
        not_a_driver: { title: '기사 전용', detail: '운행하려면 먼저 차량(기사 프로필)을 등록하세요.' },
        not_allowed: { title: '할 수 없는 작업', detail: '이 운행의 다른 참여자만 할 수 있습니다.' },
        trip_taken: { title: '이미 배차된 운행', detail: '다른 기사가 먼저 이 운행을 수락했습니다.' },
        invalid_transition: { title: '지금은 할 수 없음', detail: '운행 상태상 더 이상(또는 아직) 할 수 없습니다.' },
        own_trip: { title: '본인의 운행', detail: '직접 요청한 운행은 운전할 수 없습니다.' },
        driver_offline: { title: '오프라인 상태', detail: '운행을 보고 수락하려면 온라인으로 전환하세요.' },
        driver_busy: { title: '운행 중', detail: '현재 운행을 끝내거나 포기한 뒤에 수락하세요.' },
        rider_busy: { title: '이미 요청한 운행이 있음', detail: '새로 요청하려면 현재 운행을 취소하거나 마치세요.' },
        already_rated: { title: '이미 평가함', detail: '운행마다 한 번만 평가할 수 있습니다.' },
        location_unknown: {
          title: '위치를 알 수 없음',
          detail: '주변 운행을 보려면 위치를 보내거나 lat과 lng를 지정하세요.',
        },
        invalid_cursor: { title: '잘못된 커서', detail: '이전 페이지의 nextCursor를 사용하세요.' },
        location_rate_limited: {
          title: '위치 전송이 너무 잦음',
          detail: '위치는 초당 최대 {{perSecond}}번 보낼 수 있습니다.',
        },
      },
    },
    rides: {
      push: {
        accepted: { title: '배차 완료', body: '{{driver}} 기사님이 오고 있어요 — {{vehicle}} {{plate}}' },
        withdrawn: { title: '기사님이 배차를 취소했어요', body: '다른 기사님을 찾고 있어요.' },
        completed: { title: '목적지에 도착했어요', body: '이번 운행은 어떠셨나요? 눌러서 평가해 주세요.' },
        cancelled: { title: '운행이 취소됐어요', body: '승객이 {{pickUp}}에서 출발하는 운행을 취소했어요.' },
      },
    },
  },
}
