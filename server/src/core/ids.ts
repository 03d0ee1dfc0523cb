const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a value from outside (a token claim, a cursor, a channel id) is a UUID, checked before
 * it reaches the database, where a malformed id would be an error rather than "not found".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
