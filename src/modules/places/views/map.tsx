/**
 * The map of places. The server always draws a plain positioned plot (SVG: the points placed
 * around the centre at true distances, with a scale), so the page reads without JavaScript and
 * without a tile server. When the operator configured one, /static/places.js turns the figure
 * into a Leaflet map (markers, the same points) and shows the plot again if the tiles fail.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';

export type MapPoint = { id: string; name: string; lat: number; lon: number; href: string };
export type TileSettings = { url: string; attribution: string } | null;

const W = 640;
const H = 360;
const PAD = 28;
const M_PER_DEG_LAT = 110_540;
const M_PER_DEG_LON = 111_320;

/** Metres east (x) and north (y) of the centre: an equirectangular projection, fine at city scale. */
export function offsetMetres(center: { lat: number; lon: number }, p: { lat: number; lon: number }) {
  return {
    x: (p.lon - center.lon) * M_PER_DEG_LON * Math.cos((center.lat * Math.PI) / 180),
    y: (p.lat - center.lat) * M_PER_DEG_LAT,
  };
}

/** A round distance (1, 2 or 5 × 10^k metres) close to `metres`, for the scale bar. */
export function roundScale(metres: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, metres)));
  for (const step of [5, 2, 1]) if (step * pow <= metres) return step * pow;
  return pow;
}

export const distanceText = (metres: number, locale: 'fr' | 'en') =>
  metres < 1000
    ? `${Math.round(metres)} m`
    : `${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(metres / 1000)} km`;

/**
 * The plot: the centre (you, the searched address or the place) and numbered points matching the
 * numbered list beside it. `radiusM` draws a place's check-in circle.
 */
export const PlacesPlot: FC<{
  t: T;
  locale: 'fr' | 'en';
  center: { lat: number; lon: number };
  points: MapPoint[];
  label: string;
  radiusM?: number;
  /** Whether the centre is the viewer's position (a "you" marker) or just the middle of the points. */
  centerIsYou?: boolean;
}> = ({ t, locale, center, points, label, radiusM, centerIsYou }) => {
  const offsets = points.map((p) => offsetMetres(center, p));
  const reach = Math.max(
    radiusM ? radiusM * 1.6 : 0,
    150,
    ...offsets.map((o) => Math.max(Math.abs(o.x), Math.abs(o.y))),
  );
  // Metres per SVG unit: the farthest point sits inside the padding, in both directions.
  const scale = (reach * 1.08) / Math.min(W / 2 - PAD, H / 2 - PAD);
  const sx = (m: number) => W / 2 + m / scale;
  const sy = (m: number) => H / 2 - m / scale;
  const bar = roundScale(reach / 2);
  const barW = bar / scale;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="places-plot-svg">
      <title>{label}</title>
      <rect x="0" y="0" width={W} height={H} class="places-plot-bg" />
      <line x1={W / 2} x2={W / 2} y1={PAD / 2} y2={H - PAD / 2} class="places-plot-axis" />
      <line x1={PAD / 2} x2={W - PAD / 2} y1={H / 2} y2={H / 2} class="places-plot-axis" />
      <text x={W / 2 + 4} y={PAD / 2 + 10} class="places-plot-north">
        {t('places.map.north')}
      </text>
      {radiusM ? <circle cx={W / 2} cy={H / 2} r={radiusM / scale} class="places-plot-radius" /> : null}
      {centerIsYou ? (
        <g class="places-plot-you">
          <circle cx={W / 2} cy={H / 2} r="7" />
          <text x={W / 2 + 11} y={H / 2 - 9}>
            {t('places.map.you')}
          </text>
        </g>
      ) : null}
      {points.map((p, i) => (
        <g class="places-plot-point">
          <title>{p.name}</title>
          <circle cx={sx(offsets[i].x)} cy={sy(offsets[i].y)} r="11" />
          <text x={sx(offsets[i].x)} y={sy(offsets[i].y) + 4} text-anchor="middle">
            {points.length > 1 ? String(i + 1) : ''}
          </text>
        </g>
      ))}
      <g class="places-plot-scale">
        <line x1={PAD} x2={PAD + barW} y1={H - PAD / 2 - 4} y2={H - PAD / 2 - 4} />
        <line x1={PAD} x2={PAD} y1={H - PAD / 2 - 9} y2={H - PAD / 2 + 1} />
        <line x1={PAD + barW} x2={PAD + barW} y1={H - PAD / 2 - 9} y2={H - PAD / 2 + 1} />
        <text x={PAD + barW / 2} y={H - PAD / 2 - 9} text-anchor="middle">
          {distanceText(bar, locale)}
        </text>
      </g>
    </svg>
  );
};

/**
 * The figure pages put on: the plot, and what the script needs to draw a Leaflet map over it
 * when tiles are configured (their template and credit, the centre, the points as JSON).
 */
export const PlacesMap: FC<{
  t: T;
  locale: 'fr' | 'en';
  center: { lat: number; lon: number };
  points: MapPoint[];
  tiles: TileSettings;
  label: string;
  radiusM?: number;
  centerIsYou?: boolean;
}> = (p) => (
  <figure
    class="places-map"
    data-tiles={p.tiles?.url}
    data-attribution={p.tiles?.attribution}
    data-center={JSON.stringify([p.center.lat, p.center.lon])}
    data-radius={p.radiusM ? String(p.radiusM) : undefined}
    data-you={p.centerIsYou ? p.t('places.map.you') : undefined}
    data-points={JSON.stringify(p.points.map((m) => ({ name: m.name, lat: m.lat, lon: m.lon, href: m.href })))}
  >
    <div class="places-plot">
      <PlacesPlot
        t={p.t}
        locale={p.locale}
        center={p.center}
        points={p.points}
        label={p.label}
        radiusM={p.radiusM}
        centerIsYou={p.centerIsYou}
      />
    </div>
    <figcaption class="places-map-caption">{p.t('places.map.caption')}</figcaption>
  </figure>
);
