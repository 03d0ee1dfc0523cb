import { PALETTE_COLORS } from '@madang/contracts'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { colorValue } from './colors.ts'

/** The palette as a group of radio buttons: arrows move between colors, each one named. */
export function ColorPicker({
  value,
  onChange,
  label,
}: {
  value: string
  onChange: (color: string) => void
  label: string
}) {
  const { t } = useTranslation('planner')
  const name = useId()
  return (
    <fieldset className="color-picker">
      <legend className="visually-hidden">{label}</legend>
      {PALETTE_COLORS.map((color) => (
        <label key={color} className="color-swatch" title={t(`colors.${color}`)}>
          <input
            type="radio"
            name={name}
            value={color}
            checked={value === color}
            onChange={() => onChange(color)}
            aria-label={t(`colors.${color}`)}
          />
          <span className="color-swatch-fill" style={{ background: colorValue(color) }} aria-hidden="true" />
        </label>
      ))}
    </fieldset>
  )
}
