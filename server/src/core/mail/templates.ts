import type { Locale } from '@madang/contracts'
import type { I18n } from '../i18n/index.ts'

export interface RenderedMail {
  subject: string
  text: string
  html?: string
}

/**
 * Renders the mail template `name` in the recipient's locale from the messages `mail.<name>.subject`,
 * `mail.<name>.text` and, when present, `mail.<name>.html`. Parameters go into the HTML part
 * escaped and into the subject and text raw. Throws for a template without a subject or text.
 */
export function renderMail(
  i18n: I18n,
  locale: Locale,
  name: string,
  params: Record<string, string | number> = {},
): RenderedMail {
  const key = `mail.${name}`
  for (const part of ['subject', 'text']) {
    if (!i18n.has(`${key}.${part}`)) throw new Error(`mail template "${name}" has no ${part} (${key}.${part})`)
  }
  const rendered: RenderedMail = {
    subject: i18n.t(locale, `${key}.subject`, params),
    text: i18n.t(locale, `${key}.text`, params),
  }
  if (i18n.has(`${key}.html`)) {
    const escaped = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, escapeHtml(String(v))]))
    rendered.html = i18n.t(locale, `${key}.html`, escaped)
  }
  return rendered
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)
}
