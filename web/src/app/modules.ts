/**
 * The app's sections, like the server's INSTALLED_MODULES: the shell's navigation lists them.
 * A module adds its entry here and its routes in App.tsx.
 */
export interface NavEntry {
  path: string
  /** Key in the `common` namespace. */
  labelKey: string
  icon: string
  isStaffOnly?: boolean
}

export const NAV_ENTRIES: NavEntry[] = [
  { path: '/planner', labelKey: 'nav.planner', icon: '✓' },
  { path: '/rides', labelKey: 'nav.rides', icon: '➜' },
  { path: '/settings', labelKey: 'nav.settings', icon: '⚙' },
  { path: '/staff', labelKey: 'nav.staff', icon: '★', isStaffOnly: true },
]
