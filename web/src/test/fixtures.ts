import type { Tokens, User } from '@madang/contracts'

/** Fixtures shared by the web unit tests: a signed-in user and token pairs. */

export const TEST_USER_ID = '00000000-0000-4000-8000-000000000001'
export const TEST_SESSION_ID = '00000000-0000-4000-8000-000000000002'

export function testUser(overrides: Partial<User> = {}): User {
  return {
    id: TEST_USER_ID,
    email: 'mina@example.com',
    username: 'mina',
    displayName: 'Mina',
    avatarUrl: null,
    locale: 'en',
    timeZone: 'Asia/Seoul',
    roles: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

/** A token pair named `name` (`access-<name>`, `refresh-<name>`) whose access token expires in `expiresInMs`. */
export function testTokens(name: string, expiresInMs = 600_000): Tokens {
  return {
    tokenType: 'Bearer',
    accessToken: `access-${name}`,
    accessTokenExpiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    refreshToken: `refresh-${name}`,
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    sessionId: TEST_SESSION_ID,
  }
}
