import { buildWebIfNeeded } from '../scripts/build-if-needed.ts'

/** The journeys drive the built app as `npm start` serves it: build it first when its sources changed. */
export default function setup(): void {
  buildWebIfNeeded()
}
