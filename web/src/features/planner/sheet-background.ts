/** Where a todo sheet goes back to, kept in the link's state so the page behind it stays as it was. */
export interface SheetBackground {
  pathname: string
  search: string
}

function isBackground(value: unknown): value is SheetBackground {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pathname' in value &&
    typeof value.pathname === 'string' &&
    'search' in value &&
    typeof value.search === 'string'
  )
}

/** The page a todo sheet opened from (kept in the link's state), else the day view. */
export function sheetBackground(state: unknown): SheetBackground | null {
  if (typeof state !== 'object' || state === null || !('background' in state)) return null
  return isBackground(state.background) ? state.background : null
}
