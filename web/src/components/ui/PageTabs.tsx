import { NavLink } from 'react-router'

export interface PageTab {
  to: string
  label: string
  /** Active only on exactly this path (the section's index tab). */
  end?: boolean
}

/** A section's pages as tabs: links in a labelled nav, the current one marked by the router. */
export function PageTabs({ label, tabs }: { label: string; tabs: PageTab[] }) {
  return (
    <nav aria-label={label} className="page-tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} className="page-tab">
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}
