import { FEEDBACK_SCREENSHOT_MAX_BYTES, FEEDBACK_SCREENSHOT_TYPES } from '@madang/contracts'

/**
 * The checks a screenshot passes before it is sent, with the same codes the server answers with,
 * so the message is the same whichever side notices. The server still sniffs the content: a file
 * named .png that is not an image is refused there (feedback.unsupported_image).
 */
export type ScreenshotProblem = 'feedback.screenshot_too_large' | 'feedback.unsupported_image'

export const SCREENSHOT_ACCEPT = FEEDBACK_SCREENSHOT_TYPES.join(',')

export function checkScreenshot(file: Pick<File, 'size' | 'type'>): ScreenshotProblem | null {
  if (!(FEEDBACK_SCREENSHOT_TYPES as readonly string[]).includes(file.type)) return 'feedback.unsupported_image'
  if (file.size > FEEDBACK_SCREENSHOT_MAX_BYTES) return 'feedback.screenshot_too_large'
  return null
}
