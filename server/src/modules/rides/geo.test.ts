import { describe, expect, it } from 'vitest'
import { boundingBox, distanceKm, estimateFare } from './geo.ts'
import { CITY_HALL, eastOf } from './testing.ts'

const TARIFF = { fareBase: 4800, farePerKm: 1000, fareCurrency: 'KRW' }

describe('distances and fares', () => {
  it('measures Seoul City Hall to Gangnam station as about 8.8 km in a straight line', () => {
    expect(distanceKm(CITY_HALL, { lat: 37.4979, lng: 127.0276 })).toBeCloseTo(8.77, 1)
  })

  it('is zero from a point to itself and the same both ways', () => {
    const other = eastOf(CITY_HALL, 3)
    expect(distanceKm(CITY_HALL, CITY_HALL)).toBe(0)
    expect(distanceKm(CITY_HALL, other)).toBeCloseTo(distanceKm(other, CITY_HALL), 9)
    expect(distanceKm(CITY_HALL, other)).toBeCloseTo(3, 1)
  })

  it('charges the base plus the per-km rate for the straight-line distance, in whole won', () => {
    const estimate = estimateFare(CITY_HALL, eastOf(CITY_HALL, 5), TARIFF)
    expect(estimate.distanceKm).toBeCloseTo(5, 1)
    expect(estimate.fare.currency).toBe('KRW')
    expect(Number.isInteger(estimate.fare.amount)).toBe(true)
    expect(estimate.fare.amount).toBe(Math.round(4800 + 1000 * distanceKm(CITY_HALL, eastOf(CITY_HALL, 5))))
    expect(estimateFare(CITY_HALL, CITY_HALL, TARIFF).fare.amount).toBe(4800)
  })

  it('draws a box that holds every point within the radius', () => {
    const box = boundingBox(CITY_HALL, 2)
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const rad = (bearing * Math.PI) / 180
      const point = {
        lat: CITY_HALL.lat + (1.99 / 111.2) * Math.cos(rad),
        lng: CITY_HALL.lng + (1.99 / (111.2 * Math.cos((CITY_HALL.lat * Math.PI) / 180))) * Math.sin(rad),
      }
      expect(distanceKm(CITY_HALL, point)).toBeLessThan(2)
      expect(point.lat).toBeGreaterThanOrEqual(box.minLat)
      expect(point.lat).toBeLessThanOrEqual(box.maxLat)
      expect(point.lng).toBeGreaterThanOrEqual(box.minLng)
      expect(point.lng).toBeLessThanOrEqual(box.maxLng)
    }
  })

  it('covers every longitude near the poles and across the antimeridian', () => {
    expect(boundingBox({ lat: 89.99, lng: 0 }, 5)).toMatchObject({ minLng: -180, maxLng: 180, maxLat: 90 })
    expect(boundingBox({ lat: 0, lng: 179.99 }, 5)).toMatchObject({ minLng: -180, maxLng: 180 })
  })
})
