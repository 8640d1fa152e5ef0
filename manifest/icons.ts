// The two Teams icons, drawn in code so they can be regenerated and checked: a shield with a key
// cut out of it. Shapes are inside-tests in a unit square, antialiased by supersampling.
import type { Raster } from './png';

/** Also the manifest's accentColor, so the icon tile and Teams' accent match. */
export const ACCENT = { hex: '#1E5AA8', rgb: [0x1e, 0x5a, 0xa8] as const };

const SAMPLES = 8;

// Shield: flat top with rounded corners, straight sides down to MID, then curving to a point.
const SHIELD = { halfWidth: 0.36, top: 0.04, mid: 0.5, bottom: 0.96, corner: 0.08 };
// Key: a ring (the bow), a shaft, two teeth to the right.
const KEY = {
  cx: 0.5,
  cy: 0.34,
  outer: 0.15,
  hole: 0.06,
  shaftHalf: 0.05,
  shaftEnd: 0.78,
  teeth: [0.6, 0.7],
  toothLength: 0.1,
  toothHeight: 0.06,
};

function inShield(u: number, v: number): boolean {
  const s = SHIELD;
  const dx = Math.abs(u - 0.5);
  if (v < s.top || v > s.bottom) return false;
  if (v < s.top + s.corner && dx > s.halfWidth - s.corner) {
    return Math.hypot(dx - (s.halfWidth - s.corner), v - (s.top + s.corner)) <= s.corner;
  }
  if (v <= s.mid) return dx <= s.halfWidth;
  const t = (v - s.mid) / (s.bottom - s.mid);
  // 1 − t² meets the straight side smoothly (slope 0) and ends in a point, like a heater shield.
  return dx <= s.halfWidth * (1 - t * t);
}

function inKey(u: number, v: number): boolean {
  const k = KEY;
  const r = Math.hypot(u - k.cx, v - k.cy);
  if (r <= k.outer) return r > k.hole;
  if (Math.abs(u - k.cx) <= k.shaftHalf && v >= k.cy && v <= k.shaftEnd) return true;
  return k.teeth.some((top) => u >= k.cx && u <= k.cx + k.shaftHalf + k.toothLength && v >= top && v <= top + k.toothHeight);
}

/** Fraction of the pixel (x, y) covered by `inside`, with the glyph mapped onto [offset, offset + size]. */
function coverage(x: number, y: number, offset: number, size: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const u = (x + (sx + 0.5) / SAMPLES - offset) / size;
      const v = (y + (sy + 0.5) / SAMPLES - offset) / size;
      if (inside(u, v)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

const glyph = (u: number, v: number): boolean => inShield(u, v) && !inKey(u, v);

function draw(size: number, glyphSize: number, pixel: (cover: number) => readonly [number, number, number, number]): Raster {
  const rgba = new Uint8Array(size * size * 4);
  const offset = (size - glyphSize) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(pixel(coverage(x, y, offset, glyphSize, glyph)), (y * size + x) * 4);
  }
  return { width: size, height: size, rgba };
}

/** 192×192, opaque: white shield on the accent colour, the key showing the accent through it. */
export function drawColorIcon(): Raster {
  const [r, g, b] = ACCENT.rgb;
  // Teams wants the symbol inside the central ~120 px of the 192 px tile.
  return draw(192, 120, (c) => [Math.round(r + (255 - r) * c), Math.round(g + (255 - g) * c), Math.round(b + (255 - b) * c), 255]);
}

/** 32×32: white only, transparent everywhere else, as Teams requires of the outline icon. */
export function drawOutlineIcon(): Raster {
  return draw(32, 30, (c) => [255, 255, 255, Math.round(255 * c)]);
}
