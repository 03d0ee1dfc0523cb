import type { AuthResult, Problem, User } from '@madang/contracts'
import { sql } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../core/errors/app-error.ts'
import { newUserInput, startTestServer, type TestServer } from '../../test/server.ts'
import { ensureStaffUser } from './index.ts'
import { users } from './tables.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

const OTHER_PASSWORD = 'quince-harbor-meadow-77'

function staffInput() {
  const { email, username, password } = newUserInput()
  return { email, username, password }
}

function signIn(login: string, password: string) {
  return server.http<AuthResult>('POST', '/api/accounts/signin', { body: { login, password } })
}

async function usersNamed(email: string, username: string): Promise<string[]> {
  const rows = await server.ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email}) or lower(${users.username}) = lower(${username})`)
  return rows.map((r) => r.id)
}

describe('ensureStaffUser', () => {
  it("creates a staff user whose access token claims roles ['staff']", async () => {
    const input = { ...staffInput(), displayName: 'Operator' }
    const { user, isCreated } = await ensureStaffUser(server.ctx, input)
    expect(isCreated).toBe(true)
    expect(user).toMatchObject({ email: input.email, username: input.username, displayName: 'Operator' })
    expect(user.roles).toEqual(['staff'])

    const res = await signIn(input.username, input.password)
    expect(res.status).toBe(200)
    expect(res.body.user.roles).toEqual(['staff'])
    expect(decodeJwt(res.body.tokens.accessToken)).toMatchObject({ sub: user.id, roles: ['staff'] })
  })

  it('is idempotent: a second call creates nothing and keeps the password', async () => {
    const input = staffInput()
    const first = await ensureStaffUser(server.ctx, input)
    const second = await ensureStaffUser(server.ctx, { ...input, password: OTHER_PASSWORD })
    expect(second.isCreated).toBe(false)
    expect(second.user.id).toBe(first.user.id)
    expect(second.user.roles).toEqual(['staff'])
    expect(await usersNamed(input.email, input.username)).toEqual([first.user.id])
    expect((await signIn(input.username, input.password)).status).toBe(200)
    expect((await signIn(input.username, OTHER_PASSWORD)).status).toBe(401)
  })

  it('replaces the password of an existing user when resetPassword is set', async () => {
    const input = staffInput()
    await ensureStaffUser(server.ctx, input)
    const again = await ensureStaffUser(server.ctx, { ...input, password: OTHER_PASSWORD }, { resetPassword: true })
    expect(again.isCreated).toBe(false)
    expect((await signIn(input.username, OTHER_PASSWORD)).status).toBe(200)
    expect((await signIn(input.username, input.password)).status).toBe(401)
  })

  it('grants staff to an existing normal user and keeps the rest of the profile', async () => {
    const input = newUserInput({ displayName: 'Minji', locale: 'en' })
    const signUp = await server.http<AuthResult>('POST', '/api/accounts/signup', { body: input })
    expect(signUp.status).toBe(201)
    expect(decodeJwt(signUp.body.tokens.accessToken)).toMatchObject({ roles: [] })

    const { user, isCreated } = await ensureStaffUser(server.ctx, {
      email: input.email.toUpperCase(),
      username: input.username,
      password: OTHER_PASSWORD,
    })
    expect(isCreated).toBe(false)
    expect(user).toMatchObject({ id: signUp.body.user.id, displayName: 'Minji', locale: 'en', roles: ['staff'] })

    const me = await server.http<User>('GET', '/api/accounts/me', { token: signUp.body.tokens.accessToken })
    expect(me.body.roles).toEqual(['staff'])
    const res = await signIn(input.email, input.password)
    expect(res.status).toBe(200)
    expect(decodeJwt(res.body.tokens.accessToken)).toMatchObject({ roles: ['staff'] })
  })

  it('refuses a weak password with accounts.weak_password and creates nothing', async () => {
    const input = { ...staffInput(), password: 'admin12345' }
    const attempt = ensureStaffUser(server.ctx, input)
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    await expect(attempt).rejects.toMatchObject({ code: 'accounts.weak_password' })
    expect(await usersNamed(input.email, input.username)).toEqual([])
    const res = await server.http<Problem>('POST', '/api/accounts/signin', {
      body: { login: input.username, password: input.password },
    })
    expect(res.body.code).toBe('accounts.invalid_credentials')
  })
})
