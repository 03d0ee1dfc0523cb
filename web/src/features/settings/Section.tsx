import { useId, type ReactNode } from 'react'

/** A titled card on a settings page. */
export function Section({
  title,
  description,
  children,
  testId,
}: {
  title: string
  description?: string
  children: ReactNode
  testId?: string
}) {
  const id = useId()
  return (
    <section className="card settings-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {description && <p className="settings-description">{description}</p>}
      {children}
    </section>
  )
}
