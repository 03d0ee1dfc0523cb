import type { LatLng } from '@madang/contracts'
import * as L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import { useEffect, useEffectEvent, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SEOUL_CENTER } from './places.ts'
import { useRidesConfig } from './queries.ts'
import './rides.css'
import { Button } from '../../components/ui/Button.tsx'

/**
 * A plain Leaflet map: tiles from the server's configured URL when they load, and markers and lines drawn
 * as vector shapes and HTML icons, so the map still works on a plain background when no tile can
 * be fetched (tests, offline demos, a strict CSP): one probe tile decides whether to ask for tiles.
 */

export type MarkerKind = 'pickUp' | 'dropOff' | 'driver' | 'offer'

export interface MapMarker {
  id: string
  kind: MarkerKind
  position: LatLng
  /** Read by screen readers and shown as a tooltip. */
  label: string
}

export interface MapLine {
  id: string
  kind: 'trip' | 'approach' | 'route'
  points: LatLng[]
}

interface RideMapProps {
  /** Accessible name of the map region. */
  label: string
  markers: MapMarker[]
  lines?: MapLine[]
  /** Called with the clicked point; the map is then a picker. */
  onPick?: (point: LatLng) => void
  /** The label of the button that picks the map's centre (the keyboard's way to pick). */
  pickCenterLabel?: string
  /** The view fits the markers again whenever this changes (not on every driver move). */
  fitKey?: string
}

/** What each marker shows; the driver is drawn by CSS (emoji fonts are not everywhere). */
const ICON_TEXT: Record<MarkerKind, string> = { pickUp: 'A', dropOff: 'B', driver: '', offer: '' }

function iconFor(kind: MarkerKind): L.DivIcon {
  const size = kind === 'offer' ? 18 : 30
  return L.divIcon({
    className: `ride-marker ride-marker-${kind}`,
    html: ICON_TEXT[kind] === '' ? '' : `<span aria-hidden="true">${ICON_TEXT[kind]}</span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  })
}

const LINE_STYLE: Record<MapLine['kind'], L.PolylineOptions> = {
  trip: { color: '#2f6b4f', weight: 4, opacity: 0.8 },
  approach: { color: '#8a6100', weight: 3, dashArray: '6 6' },
  route: { color: '#1d4ed8', weight: 4, opacity: 0.7 },
}

const probes = new Map<string, Promise<boolean>>()

/**
 * Whether tiles from this URL template load here, tried once per page with the world tile: when
 * they cannot (offline, blocked by the CSP) the map stays on its plain background instead of
 * asking for (and logging) a failed request per tile.
 */
export function probeTiles(template: string): Promise<boolean> {
  let probe = probes.get(template)
  if (probe === undefined) {
    const url = template
      .replace('{s}', 'a')
      .replace('{r}', '')
      .replace('{z}', '0')
      .replace('{x}', '0')
      .replace('{y}', '0')
    probe = new Promise<boolean>((resolve) => {
      const image = new Image()
      image.onload = () => resolve(true)
      image.onerror = () => {
        resolve(false)
        // The network may come back: a map shown later tries again.
        setTimeout(() => probes.delete(template), 60_000)
      }
      image.src = url
    })
    probes.set(template, probe)
  }
  return probe
}

const toTuple = (point: LatLng): L.LatLngTuple => [point.lat, point.lng]

/** Makes `drawn` hold one layer per item, by id: removes the others, creates the new ones, updates the rest. */
function syncLayers<Item extends { id: string }, Layer extends L.Layer>(
  drawn: Map<string, Layer>,
  items: readonly Item[],
  create: (item: Item) => Layer,
  update: (layer: Layer, item: Item) => void,
): void {
  const wanted = new Set(items.map((item) => item.id))
  for (const [id, layer] of drawn) {
    if (!wanted.has(id)) {
      layer.remove()
      drawn.delete(id)
    }
  }
  for (const item of items) {
    const existing = drawn.get(item.id)
    if (existing === undefined) drawn.set(item.id, create(item))
    else update(existing, item)
  }
}

function labelMarker(element: HTMLElement | undefined, marker: MapMarker): void {
  if (element === undefined) return
  element.dataset.testid = `map-marker-${marker.kind}`
  element.dataset.lat = marker.position.lat.toFixed(6)
  element.dataset.lng = marker.position.lng.toFixed(6)
  element.setAttribute('role', 'img')
  element.setAttribute('aria-label', marker.label)
}

export function RideMap({ label, markers, lines = [], onPick, pickCenterLabel, fitKey }: RideMapProps) {
  const { t } = useTranslation('rides')
  const tileUrl = useRidesConfig().data?.mapTileUrl ?? null
  const containerRef = useRef<HTMLDivElement>(null)
  const markersRef = useRef(new Map<string, L.Marker>())
  const linesRef = useRef(new Map<string, L.Polyline>())
  const [map, setMap] = useState<L.Map | null>(null)
  const [hasTileTrouble, setHasTileTrouble] = useState(false)
  const pick = useEffectEvent((point: LatLng) => onPick?.(point))
  const isPicker = onPick !== undefined

  useEffect(() => {
    const container = containerRef.current
    if (container === null) return
    const created = L.map(container, { center: toTuple(SEOUL_CENTER), zoom: 12 })
    created.on('click', (event: L.LeafletMouseEvent) => pick({ lat: event.latlng.lat, lng: event.latlng.lng }))
    setMap(created)
    // The page layout may resize the map (a phone turning, the grid reflowing): keep tiles and shapes right.
    const resize = new ResizeObserver(() => created.invalidateSize({ pan: false }))
    resize.observe(container)
    const placed = markersRef.current
    const drawn = linesRef.current
    return () => {
      resize.disconnect()
      created.remove()
      placed.clear()
      drawn.clear()
    }
  }, [])

  useEffect(() => {
    if (map === null || tileUrl === null) return
    let layer: L.TileLayer | null = null
    let isCancelled = false
    void probeTiles(tileUrl).then((isReachable) => {
      if (isCancelled) return
      if (!isReachable) {
        setHasTileTrouble(true)
        return
      }
      layer = L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: tileUrl.includes('openstreetmap') ? '© OpenStreetMap contributors' : '',
      }).addTo(map)
    })
    return () => {
      isCancelled = true
      layer?.remove()
    }
  }, [map, tileUrl])

  useEffect(() => {
    if (map === null) return
    syncLayers(
      markersRef.current,
      markers,
      (marker) => {
        const created = L.marker(toTuple(marker.position), {
          icon: iconFor(marker.kind),
          title: marker.label,
          keyboard: false,
          zIndexOffset: marker.kind === 'driver' ? 1000 : 0,
        }).addTo(map)
        labelMarker(created.getElement(), marker)
        return created
      },
      (existing, marker) => {
        existing.setLatLng(toTuple(marker.position))
        labelMarker(existing.getElement(), marker)
      },
    )
  }, [map, markers])

  useEffect(() => {
    if (map === null) return
    syncLayers(
      linesRef.current,
      lines,
      (line) => L.polyline(line.points.map(toTuple), LINE_STYLE[line.kind]).addTo(map),
      (existing, line) => existing.setLatLngs(line.points.map(toTuple)),
    )
  }, [map, lines])

  const fitTo = useEffectEvent(() => {
    if (map === null || markers.length === 0) return
    if (markers.length === 1) {
      const only = markers[0]
      if (only !== undefined) map.setView(toTuple(only.position), Math.max(map.getZoom(), 13), { animate: false })
      return
    }
    const bounds = L.latLngBounds(markers.map((marker) => toTuple(marker.position)))
    // Without animation the lines are redrawn with the markers at once.
    map.fitBounds(bounds, { padding: [32, 32], maxZoom: 15, animate: false })
  })
  useEffect(() => {
    if (fitKey !== undefined) fitTo()
  }, [map, fitKey])

  return (
    <section className="ride-map-frame" aria-label={label}>
      <div className="ride-map-box">
        <div ref={containerRef} className={`ride-map${isPicker ? ' ride-map-picker' : ''}`} data-testid="ride-map" />
        {isPicker && <span className="ride-map-crosshair" aria-hidden="true" />}
      </div>
      {hasTileTrouble && <p className="ride-map-note">{t('map.noTiles')}</p>}
      {isPicker && pickCenterLabel !== undefined && (
        <Button
          className="button ride-map-center"
          isDisabled={map === null}
          onClick={() => {
            const center = map?.getCenter()
            if (center !== undefined) onPick({ lat: center.lat, lng: center.lng })
          }}
        >
          {pickCenterLabel}
        </Button>
      )}
    </section>
  )
}
