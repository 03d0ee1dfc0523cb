import { Type, type Static } from 'typebox'
import { Locale, Timestamp } from './common.ts'

export const Role = Type.Union([Type.Literal('staff')])
export type Role = Static<typeof Role>

export const Platform = Type.Union([
  Type.Literal('web'),
  Type.Literal('ios'),
  Type.Literal('android'),
  Type.Literal('desktop'),
  Type.Literal('other'),
])
export type Platform = Static<typeof Platform>

const Username = Type.String({
  minLength: 3,
  maxLength: 30,
  pattern: '^[A-Za-z0-9_.-]+$',
  description: 'Letters, digits, _ . -; unique ignoring case',
})
const Email = Type.String({ format: 'email', maxLength: 254 })
const Password = Type.String({ minLength: 1, maxLength: 256 })
const DisplayName = Type.String({ minLength: 1, maxLength: 80 })
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Seoul' })
const AvatarUrl = Type.String({ format: 'uri', maxLength: 2048, pattern: '^https?://' })

const DeviceFields = {
  deviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  platform: Type.Optional(Platform),
}

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  locale: Locale,
  timeZone: Type.String(),
  roles: Type.Array(Role),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type User = Static<typeof User>

export const SignUpBody = Type.Object(
  {
    email: Email,
    username: Username,
    password: Password,
    displayName: Type.Optional(DisplayName),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(TimeZone),
    ...DeviceFields,
  },
  { additionalProperties: false },
)
export type SignUpBody = Static<typeof SignUpBody>

export const SignInBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254, description: 'Username or email' }),
    password: Password,
    ...DeviceFields,
  },
  { additionalProperties: false },
)
export type SignInBody = Static<typeof SignInBody>

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
)
export type RefreshBody = Static<typeof RefreshBody>

/** A fresh token pair for one device session. */
export const Tokens = Type.Object({
  tokenType: Type.Literal('Bearer'),
  accessToken: Type.String(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: Type.String(),
  refreshTokenExpiresAt: Timestamp,
  sessionId: Type.String({ format: 'uuid' }),
})
export type Tokens = Static<typeof Tokens>

export const AuthResult = Type.Object({ user: User, tokens: Tokens })
export type AuthResult = Static<typeof AuthResult>

export const UpdateMeBody = Type.Object(
  {
    email: Type.Optional(Email),
    username: Type.Optional(Username),
    displayName: Type.Optional(DisplayName),
    avatarUrl: Type.Optional(Type.Union([AvatarUrl, Type.Null()])),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateMeBody = Static<typeof UpdateMeBody>

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
)
export type ChangePasswordBody = Static<typeof ChangePasswordBody>

/** A signed-in device: one session with its own rotating refresh token. */
export const Device = Type.Object({
  id: Type.String({ format: 'uuid' }),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  platform: Type.Union([Platform, Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ipAddress: Type.Union([Type.String(), Type.Null()]),
  isCurrent: Type.Boolean(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  expiresAt: Timestamp,
})
export type Device = Static<typeof Device>

export const DeviceList = Type.Object({ items: Type.Array(Device) })
export type DeviceList = Static<typeof DeviceList>
