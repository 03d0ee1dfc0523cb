import type { Feedback } from '@madang/contracts'
import type { FeedbackRow } from './tables.ts'

export function presentFeedback(row: FeedbackRow): Feedback {
  return {
    id: row.id,
    authorId: row.authorId,
    category: row.category,
    title: row.title,
    description: row.description,
    status: row.status,
    screenshot:
      row.screenshotType === null || row.screenshotSize === null
        ? null
        : { contentType: row.screenshotType, size: row.screenshotSize, url: `/api/feedback/${row.id}/screenshot` },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
