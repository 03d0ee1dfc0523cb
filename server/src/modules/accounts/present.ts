import type { Device, Role, User } from '@madang/contracts'
import type { SessionRow, UserRow } from './tables.ts'

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    displayName: row.displayName,
    avatarUrl: row.avatarUrl,
    locale: row.locale,
    timeZone: row.timeZone,
    roles: toRoles(row.roles),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function presentDevice(row: SessionRow, currentSessionId: string): Device {
  return {
    id: row.id,
    deviceName: row.deviceName,
    platform: row.platform,
    userAgent: row.userAgent,
    ipAddress: row.ipAddress,
    isCurrent: row.id === currentSessionId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  }
}

export function toRoles(roles: string[]): Role[] {
  return roles.filter((r): r is Role => r === 'staff')
}
