import { describe, expect, it } from 'vitest'
import { advanceTowards, bearing, distanceKm, etaMinutes, interpolate } from './geo.ts'
import { SIMULATED_SPEED_MS, simulateTick } from './location-sharing.ts'
import { findPreset } from './places.ts'

const seoulStation = { lat: 37.5547, lng: 126.9707 }
const cityHall = { lat: 37.5663, lng: 126.9779 }

describe('distanceKm', () => {
  it('measures Seoul Station to City Hall at about 1.45 km and is symmetric', () => {
    expect(distanceKm(seoulStation, cityHall)).toBeCloseTo(1.45, 1)
    expect(distanceKm(cityHall, seoulStation)).toBeCloseTo(distanceKm(seoulStation, cityHall), 9)
    expect(distanceKm(seoulStation, seoulStation)).toBe(0)
  })
})

describe('etaMinutes', () => {
  it.each([
    { km: 0, speed: null, minutes: 0, why: 'arrived' },
    { km: 5, speed: null, minutes: 10, why: '30 km/h when the speed is unknown' },
    { km: 5, speed: 0, minutes: 10, why: '30 km/h when standing still' },
    { km: 6, speed: 10, minutes: 10, why: '36 km/h from 10 m/s' },
    { km: 0.1, speed: 20, minutes: 1, why: 'at least a minute while on the way' },
    { km: 1, speed: 15, minutes: 2, why: 'rounded up (1.1 min)' },
  ])('gives $minutes min for $km km at $speed m/s ($why)', ({ km, speed, minutes }) => {
    expect(etaMinutes(km, speed)).toBe(minutes)
  })
})

describe('bearing and interpolate', () => {
  it('points north, east, south and west', () => {
    expect(bearing({ lat: 37, lng: 127 }, { lat: 38, lng: 127 })).toBeCloseTo(0, 5)
    expect(bearing({ lat: 0, lng: 127 }, { lat: 0, lng: 128 })).toBeCloseTo(90, 5)
    expect(bearing({ lat: 38, lng: 127 }, { lat: 37, lng: 127 })).toBeCloseTo(180, 5)
    expect(bearing({ lat: 0, lng: 128 }, { lat: 0, lng: 127 })).toBeCloseTo(270, 5)
  })

  it('interpolates along the line and clamps the fraction', () => {
    expect(interpolate(seoulStation, cityHall, 0.5)).toEqual({
      lat: (seoulStation.lat + cityHall.lat) / 2,
      lng: (seoulStation.lng + cityHall.lng) / 2,
    })
    expect(interpolate(seoulStation, cityHall, -1)).toEqual(seoulStation)
    expect(interpolate(seoulStation, cityHall, 2)).toEqual(cityHall)
  })
})

describe('the simulated route', () => {
  it('moves a step of the given length towards the target and stops exactly on it', () => {
    const step = advanceTowards(cityHall, seoulStation, 0.5)
    expect(step.hasArrived).toBe(false)
    expect(distanceKm(cityHall, step.position)).toBeCloseTo(0.5, 2)
    expect(distanceKm(step.position, seoulStation)).toBeCloseTo(distanceKm(cityHall, seoulStation) - 0.5, 2)
    const last = advanceTowards(step.position, seoulStation, 5)
    expect(last).toMatchObject({ position: seoulStation, hasArrived: true })
  })

  it('drives at the simulated speed each tick, then waits at the target', () => {
    const tick = simulateTick(cityHall, seoulStation, 1000)
    expect(tick.isMoving).toBe(true)
    expect(tick.speed).toBe(SIMULATED_SPEED_MS)
    expect(distanceKm(cityHall, tick)).toBeCloseTo(SIMULATED_SPEED_MS / 1000, 4)
    expect(tick.heading).toBeGreaterThan(180)
    let position = { lat: tick.lat, lng: tick.lng }
    for (let i = 0; i < 200; i += 1) position = simulateTick(position, seoulStation, 1000)
    expect(distanceKm(position, seoulStation)).toBeLessThan(1e-9)
    expect(simulateTick(seoulStation, seoulStation, 1000)).toMatchObject({ isMoving: false, speed: 0 })
    expect(simulateTick(seoulStation, null, 1000)).toMatchObject({ ...seoulStation, isMoving: false })
  })

  it('knows the demo places by their real coordinates', () => {
    expect(findPreset('seoulStation')).toMatchObject(seoulStation)
    expect(distanceKm(findPreset('gangnamStation') ?? seoulStation, seoulStation)).toBeGreaterThan(8)
  })
})
