import { useCallback, useEffect, useRef, useState } from 'react'
import './rides.css'

/** How long a toast stays on screen. */
const TOAST_MS = 6000

export interface Toast {
  id: number
  text: string
}

/** A short queue of messages that disappear by themselves. */
export function useToasts(): { toasts: Toast[]; show: (text: string) => void } {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(0)
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>())
  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const timer of pending) clearTimeout(timer)
    }
  }, [])
  const show = useCallback((text: string) => {
    nextId.current += 1
    const id = nextId.current
    setToasts((current) => [...current.slice(-2), { id, text }])
    const timer = setTimeout(() => {
      timers.current.delete(timer)
      setToasts((current) => current.filter((toast) => toast.id !== id))
    }, TOAST_MS)
    timers.current.add(timer)
  }, [])
  return { toasts, show }
}

/** The toasts, announced politely by screen readers as they arrive. */
export function ToastRegion({ toasts }: { toasts: Toast[] }) {
  return (
    <div className="ride-toasts" role="status" aria-live="polite" data-testid="ride-toasts">
      {toasts.map((toast) => (
        <p key={toast.id} className="ride-toast">
          {toast.text}
        </p>
      ))}
    </div>
  )
}
