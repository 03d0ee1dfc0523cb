import type { Feedback, FeedbackPage, FeedbackStatus, JobsOverview, Task } from '@madang/contracts'
import { request } from '../../lib/api.ts'

/** The staff pages' calls to the API and their query keys. */

export const staffKeys = {
  jobs: ['staff', 'jobs'] as const,
  inbox: (status: FeedbackStatus | null) => ['staff', 'feedback', 'list', status] as const,
  inboxAll: ['staff', 'feedback', 'list'] as const,
  feedback: (id: string) => ['staff', 'feedback', 'item', id] as const,
  screenshot: (id: string) => ['staff', 'feedback', 'screenshot', id] as const,
}

export function getJobsOverview(): Promise<JobsOverview> {
  return request<JobsOverview>('/api/admin/jobs')
}

export function retryJob(id: string): Promise<Task> {
  return request<Task>(`/api/admin/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' })
}

export function cancelJob(id: string): Promise<Task> {
  return request<Task>(`/api/admin/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' })
}

export function listFeedback(status: FeedbackStatus | null, cursor: string | null): Promise<FeedbackPage> {
  return request<FeedbackPage>('/api/feedback', { query: { status, cursor, limit: 20 } })
}

export function getFeedback(id: string): Promise<Feedback> {
  return request<Feedback>(`/api/feedback/${encodeURIComponent(id)}`)
}

export function setFeedbackStatus(id: string, status: FeedbackStatus): Promise<Feedback> {
  return request<Feedback>(`/api/feedback/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status } })
}

/**
 * Downloads a protected file with the access token. An <img src> cannot send the bearer token,
 * so the page shows the blob through an object URL instead.
 */
export function fetchProtectedBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  return request<Blob>(path, { signal, responseType: 'blob' })
}
