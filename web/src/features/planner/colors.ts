import { PALETTE_COLORS } from '@madang/contracts'

/** The palette's colors as shown: calm tones with enough contrast for a dot on white. */
const PALETTE_VALUES: Record<(typeof PALETTE_COLORS)[number], string> = {
  red: '#d9534f',
  orange: '#e8833a',
  yellow: '#d4a72c',
  green: '#3f9b5f',
  teal: '#2a9d8f',
  blue: '#3b7dd8',
  indigo: '#5a5fc8',
  purple: '#9156b8',
  gray: '#7c8580',
}

function isPaletteColor(color: string): color is (typeof PALETTE_COLORS)[number] {
  return (PALETTE_COLORS as readonly string[]).includes(color)
}

/** The CSS color of a category color (a palette name or `#rrggbb`). */
export function colorValue(color: string): string {
  return isPaletteColor(color) ? PALETTE_VALUES[color] : color
}
