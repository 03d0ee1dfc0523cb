import type { RouteObject } from 'react-router'

function StaffPlaceholder() {
  return <h1>Staff</h1>
}

export const staffRoutes: RouteObject[] = [{ path: 'staff', element: <StaffPlaceholder /> }]
