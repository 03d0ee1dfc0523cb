import { FeedbackCategory, type Feedback } from '@madang/contracts'
import { useMutation } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../../components/ui/FormError.tsx'
import { TextField } from '../../components/ui/TextField.tsx'
import { ApiError } from '../../lib/api.ts'
import { fieldMessages } from '../../lib/errors.ts'
import { BlobImage } from '../../components/ui/BlobImage.tsx'
import { sendFeedback } from './queries.ts'
import { checkScreenshot, SCREENSHOT_ACCEPT } from './screenshot-file.ts'
import { Button } from '../../components/ui/Button.tsx'

const CATEGORIES = FeedbackCategory.enum as readonly Feedback['category'][]
/** Problems of the screenshot the server names by code, not by field: shown at the file input. */
const SCREENSHOT_CODES = new Set(['feedback.screenshot_too_large', 'feedback.unsupported_image'])

/** The contact form: what it is about, a title, the message and an optional screenshot. */
export function FeedbackForm({ onSent }: { onSent?: (feedback: Feedback) => void }) {
  const { t } = useTranslation('settings')
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const [category, setCategory] = useState<Feedback['category']>('feedback')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [screenshot, setScreenshot] = useState<File | null>(null)
  const [fileProblem, setFileProblem] = useState<string | null>(null)
  const send = useMutation({
    mutationFn: sendFeedback,
    onSuccess: (feedback) => {
      setTitle('')
      setDescription('')
      clearScreenshot()
      onSent?.(feedback)
    },
  })
  const fields = fieldMessages(t, send.error)
  const screenshotCode =
    send.error instanceof ApiError && SCREENSHOT_CODES.has(send.error.code) ? send.error.code : null
  const isScreenshotError = screenshotCode !== null
  const screenshotError =
    fileProblem ?? (screenshotCode !== null ? t(`errors:${screenshotCode}`) : (fields.screenshot ?? undefined))

  function clearScreenshot() {
    setScreenshot(null)
    if (fileInput.current !== null) fileInput.current.value = ''
  }

  const choose = (file: File | undefined) => {
    send.reset()
    setFileProblem(null)
    if (file === undefined) {
      setScreenshot(null)
      return
    }
    const problem = checkScreenshot(file)
    if (problem !== null) {
      setFileProblem(t(`errors:${problem}`))
      clearScreenshot()
      return
    }
    setScreenshot(file)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    send.mutate({ category, title, description, screenshot })
  }

  return (
    <form className="feedback-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('feedback.formTitle')}</h2>
      <p className="settings-description">{t('feedback.formDescription')}</p>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('feedback.category')}</label>
        <select
          id={`${id}-category`}
          value={category}
          onChange={(event) => setCategory(event.target.value as Feedback['category'])}
        >
          {CATEGORIES.map((value) => (
            <option key={value} value={value}>
              {t(`feedback.categories.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label={t('feedback.titleLabel')}
        name="title"
        required
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={fields.title}
      />
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('feedback.message')}</label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={6}
          required
          maxLength={5000}
          value={description}
          aria-invalid={fields.description ? true : undefined}
          aria-describedby={fields.description ? `${id}-description-error` : undefined}
          onChange={(event) => setDescription(event.target.value)}
        />
        {fields.description && (
          <p id={`${id}-description-error`} className="field-error">
            {fields.description}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-screenshot`}>{t('feedback.screenshot')}</label>
        <input
          ref={fileInput}
          id={`${id}-screenshot`}
          type="file"
          name="screenshot"
          accept={SCREENSHOT_ACCEPT}
          aria-invalid={screenshotError ? true : undefined}
          aria-describedby={`${id}-screenshot-hint${screenshotError ? ` ${id}-screenshot-error` : ''}`}
          onChange={(event) => choose(event.target.files?.[0])}
        />
        <p id={`${id}-screenshot-hint`} className="field-hint">
          {t('feedback.screenshotHint')}
        </p>
        {screenshotError && (
          <p id={`${id}-screenshot-error`} className="field-error" data-testid="screenshot-error" role="alert">
            {screenshotError}
          </p>
        )}
        {screenshot !== null && (
          <div className="screenshot-preview">
            <BlobImage blob={screenshot} alt={t('feedback.previewAlt')} />
            <button
              type="button"
              className="button"
              onClick={() => {
                clearScreenshot()
                // This button goes with the preview: the file input, to choose another, takes the focus.
                fileInput.current?.focus()
              }}
            >
              {t('feedback.removeScreenshot')}
            </button>
          </div>
        )}
      </div>
      {!isScreenshotError && <FormError error={send.error} />}
      <div className="settings-actions">
        <Button type="submit" className="button button-primary" isBusy={send.isPending}>
          {send.isPending ? t('feedback.sending') : t('feedback.send')}
        </Button>
      </div>
      {send.isSuccess && (
        <p className="settings-confirmation" role="status" data-testid="feedback-sent">
          {t('feedback.sent')}
        </p>
      )}
    </form>
  )
}
