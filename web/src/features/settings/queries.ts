import type {
  ChangePasswordBody,
  Device,
  DeviceList,
  Feedback,
  FeedbackPage,
  ReminderSettings,
  UpdateMeBody,
  User,
} from '@madang/contracts'
import { request } from '../../lib/api.ts'

/** The settings pages' calls to the API and their query keys. */

export const settingsKeys = {
  devices: ['accounts', 'devices'] as const,
  reminders: ['planner', 'reminders'] as const,
  myFeedback: ['feedback', 'mine'] as const,
}

export function updateMe(body: UpdateMeBody): Promise<User> {
  return request<User>('/api/accounts/me', { method: 'PATCH', body })
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return request<void>('/api/accounts/me/password', { method: 'POST', body })
}

export async function listDevices(): Promise<Device[]> {
  const list = await request<DeviceList>('/api/accounts/devices')
  return list.items
}

export function revokeDevice(id: string): Promise<void> {
  return request<void>(`/api/accounts/devices/${encodeURIComponent(id)}`, { method: 'DELETE' })
}

export function getReminders(): Promise<ReminderSettings> {
  return request<ReminderSettings>('/api/planner/reminders')
}

export function saveReminders(body: ReminderSettings): Promise<ReminderSettings> {
  return request<ReminderSettings>('/api/planner/reminders', { method: 'PUT', body })
}

export function listMyFeedback(cursor: string | null): Promise<FeedbackPage> {
  return request<FeedbackPage>('/api/feedback/mine', { query: { cursor, limit: 10 } })
}

export interface FeedbackDraft {
  category: Feedback['category']
  title: string
  description: string
  screenshot: File | null
}

/** Sends JSON, or a multipart form when a screenshot goes along. */
export function sendFeedback(draft: FeedbackDraft): Promise<Feedback> {
  const { screenshot, ...fields } = draft
  if (screenshot === null) return request<Feedback>('/api/feedback', { method: 'POST', body: fields })
  const form = new FormData()
  form.set('category', fields.category)
  form.set('title', fields.title)
  form.set('description', fields.description)
  form.set('screenshot', screenshot, screenshot.name)
  return request<Feedback>('/api/feedback', { method: 'POST', body: form })
}
