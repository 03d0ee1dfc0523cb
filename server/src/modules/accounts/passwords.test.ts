import { describe, expect, it } from 'vitest'
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts'

const who = { username: 'minji_kim', email: 'Minji.Kim@example.com' }

describe('checkPassword', () => {
  it.each([
    ['plum-orchard-lantern-42', []],
    ['short123', ['accounts.password.too_short']],
    ['가나다라마바사아자차', []],
    ['가나다라마바사아자', ['accounts.password.too_short']],
    ['MINJI_KIM', ['accounts.password.too_short', 'accounts.password.matches_identity']],
    ['minji.kim@example.com', ['accounts.password.matches_identity']],
    ['minji_kim_', []],
    ['Password123', ['accounts.password.too_common']],
    ['1q2w3e4r5t', ['accounts.password.too_common']],
    ['qwertyuiop', ['accounts.password.too_common']],
  ])('judges %j as %j', (password, codes) => {
    expect(checkPassword(password, who).map((i) => i.code)).toEqual(codes)
  })

  it('points each issue at the named field', () => {
    expect(checkPassword('short', who, 'newPassword')[0]?.pointer).toBe('/body/newPassword')
  })
})

describe('password hashing', () => {
  it('stores argon2id hashes that verify only the same password', async () => {
    const hash = await hashPassword('plum-orchard-lantern-42')
    expect(hash.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(hash, 'plum-orchard-lantern-42')).toBe(true)
    expect(await verifyPassword(hash, 'plum-orchard-lantern-43')).toBe(false)
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
  })
})
