import { hash, verify } from '@node-rs/argon2'
import type { FieldIssue } from '../../core/errors/app-error.ts'

/** Password rule and hashing (argon2id). The rule is pure and table-tested in passwords.test.ts. */

export const MIN_PASSWORD_LENGTH = 10

/** A short list of the most used passwords of at least the minimum length; compared ignoring case. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0987654321',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'asdfghjkl;',
  'password12',
  'password123',
  'password1234',
  'password!!',
  'passw0rd123',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'iloveyou12',
  'iloveyou123',
  'abcd123456',
  'abc1234567',
  'a123456789',
  '123456789a',
  '1234567890a',
  'aa12345678',
  'letmein123',
  'welcome123',
  'admin12345',
  'administrator',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'superman123',
  'dragon1234',
  'monkey1234',
  'trustno1234',
  'zaq12wsxcde',
  '1111111111',
  '0000000000',
  '1212121212',
  '1122334455',
  'aaaaaaaaaa',
  'qwe123qwe123',
  'asdf123456',
  'zxcvbnm123',
  'q1w2e3r4t5',
  'changeme123',
  'madang12345',
  'madangpassword',
])

export interface PasswordContext {
  username: string
  email: string
}

/** The reasons a password breaks the rule, as field issues on /body/<field>; empty when it is fine. */
export function checkPassword(password: string, who: PasswordContext, field = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = []
  const pointer = `/body/${field}`
  const normalized = password.normalize('NFKC').toLowerCase()
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    issues.push({ pointer, code: 'accounts.password.too_short', params: { limit: MIN_PASSWORD_LENGTH } })
  }
  const email = who.email.toLowerCase()
  const localPart = email.split('@')[0] ?? email
  if ([who.username.toLowerCase(), email, localPart].includes(normalized)) {
    issues.push({ pointer, code: 'accounts.password.matches_identity' })
  }
  if (COMMON_PASSWORDS.has(normalized)) issues.push({ pointer, code: 'accounts.password.too_common' })
  return issues
}

/** argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when no user matched, so timing does not tell which logins exist. */
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-for-unknown-users')
  return decoyHash
}
