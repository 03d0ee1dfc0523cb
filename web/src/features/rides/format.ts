import type { Money } from '@madang/contracts'

/** A fare in the user's language: `amount` is in the currency's smallest unit (KRW has none). */
export function formatMoney(money: Money, language: string): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency: money.currency })
  const digits = format.resolvedOptions().maximumFractionDigits ?? 0
  return format.format(money.amount / 10 ** digits)
}

/** Kilometres with one decimal (metres below 1 km read badly as "0.3 km" in Korean too, so keep km). */
export function formatKm(km: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(km)
}
