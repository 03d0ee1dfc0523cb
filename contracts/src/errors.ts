/**
 * Every stable error code the API can answer with, and its HTTP status. Clients switch on `code`,
 * never on `title` or `detail`, which are localized. Codes are `<area>.<snake_case>`.
 */
export const ERROR_STATUS = {
  // Request-level failures, from any route
  'http.bad_request': 400,
  'http.validation_failed': 400,
  'http.malformed_json': 400,
  'http.body_too_large': 413,
  'http.unsupported_media_type': 415,
  'http.not_found': 404,
  'http.method_not_allowed': 405,
  'http.rate_limited': 429,
  'http.internal': 500,
  'http.unavailable': 503,
  // Authentication of a request (Authorization: Bearer <access token>)
  'auth.missing_token': 401,
  'auth.malformed_token': 401,
  'auth.token_expired': 401,
  'auth.invalid_signature': 401,
  'auth.algorithm_not_allowed': 401,
  'auth.wrong_audience': 401,
  'auth.wrong_issuer': 401,
  'auth.session_revoked': 401,
  'auth.forbidden': 403,
  // Tasks (background work)
  'tasks.task_not_found': 404,
  'tasks.task_finished': 409,
  'tasks.task_not_retryable': 409,
  // Accounts
  'accounts.invalid_credentials': 401,
  'accounts.email_taken': 409,
  'accounts.username_taken': 409,
  'accounts.weak_password': 400,
  'accounts.invalid_refresh_token': 401,
  'accounts.refresh_token_reused': 401,
  'accounts.device_not_found': 404,
  'accounts.wrong_password': 400,
  // Feedback
  'feedback.feedback_not_found': 404,
  'feedback.screenshot_not_found': 404,
  'feedback.screenshot_too_large': 413,
  'feedback.unsupported_image': 400,
  'feedback.invalid_form': 400,
  'feedback.invalid_cursor': 400,
  // Planner
  'planner.category_not_found': 404,
  'planner.todo_not_found': 404,
  'planner.subtodo_not_found': 404,
  'planner.category_not_empty': 409,
  'planner.stale_neighbours': 409,
  'planner.invalid_neighbour': 400,
  'planner.invalid_move_target': 400,
  'planner.invalid_date_range': 400,
  'planner.due_time_without_date': 400,
  'planner.breakdown_cooldown': 429,
  // Push notifications
  'push.provider_unavailable': 400,
  'push.endpoint_not_allowed': 400,
  'push.subscription_not_found': 404,
  // Rides
  'rides.trip_not_found': 404,
  'rides.not_a_driver': 403,
  'rides.not_allowed': 403,
  'rides.trip_taken': 409,
  'rides.invalid_transition': 409,
  'rides.own_trip': 409,
  'rides.driver_offline': 409,
  'rides.driver_busy': 409,
  'rides.rider_busy': 409,
  'rides.already_rated': 409,
  'rides.location_unknown': 409,
  'rides.invalid_cursor': 400,
  'rides.location_rate_limited': 429,
  // Socket errors a module command may answer with too (inside an error frame, never over HTTP)
  'realtime.forbidden': 403,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
