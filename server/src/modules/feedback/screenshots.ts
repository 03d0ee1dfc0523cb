import { randomUUID } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { FEEDBACK_SCREENSHOT_TYPES } from '@madang/contracts'
import { fileTypeFromBuffer } from 'file-type'

/**
 * Screenshot files under `<uploads>/feedback/`, named `<uuid>.<ext>` after the type their bytes
 * show, never after what the client called them.
 */

export type ScreenshotType = (typeof FEEDBACK_SCREENSHOT_TYPES)[number]

export interface SniffedImage {
  contentType: ScreenshotType
  extension: string
}

const ALLOWED: ReadonlySet<string> = new Set(FEEDBACK_SCREENSHOT_TYPES)

/** The image type of `bytes` when it is one we accept (png, jpeg, webp, gif), else null. */
export async function sniffImage(bytes: Uint8Array): Promise<SniffedImage | null> {
  const detected = await fileTypeFromBuffer(bytes)
  if (detected === undefined || !ALLOWED.has(detected.mime)) return null
  return { contentType: detected.mime as ScreenshotType, extension: detected.ext }
}

export function screenshotsDir(uploadsDir: string): string {
  return path.join(uploadsDir, 'feedback')
}

/**
 * Writes the file whole or not at all: to a temporary name in the same folder, flushed to disk,
 * then renamed into place. Returns the file's name within `dir`.
 */
export async function storeScreenshot(
  dir: string,
  id: string,
  image: SniffedImage,
  bytes: Uint8Array,
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const name = `${id}.${image.extension}`
  const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`)
  try {
    const handle = await open(temporary, 'wx', 0o600)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path.join(dir, name))
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  return name
}

export async function removeScreenshot(dir: string, name: string): Promise<void> {
  await rm(path.join(dir, name), { force: true })
}

/** A stream of a stored screenshot, or null when the file is gone. */
export async function openScreenshot(dir: string, name: string): Promise<{ stream: ReadStream; size: number } | null> {
  // Names come from our own rows, but a path must never leave the folder.
  if (path.basename(name) !== name) return null
  const file = path.join(dir, name)
  try {
    const info = await stat(file)
    if (!info.isFile()) return null
    return { stream: createReadStream(file), size: info.size }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
