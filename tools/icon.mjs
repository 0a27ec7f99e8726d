// Draws public/icon.png, the page's icon (`<link rel="icon">` in index.html), from the shapes of
// public/icon.svg: `node tools/icon.mjs` (run by hand when the icon changes; the file is kept in
// the repository). Why a PNG and not the SVG (issue 16): Chromium fetches and decodes a page's
// icon in the page's own renderer, on its main thread, while the page loads, and an SVG icon is a
// whole SVG document to set up there (5 to 28 ms measured, the most on a browser's first page),
// where a 64 px PNG is a few hundred microseconds. The manifest keeps the SVGs: they are read
// only to install the app, at any size.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 64; // the SVG's viewBox, one pixel per unit
const SAMPLES = 4; // per axis, for smooth edges

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const NAVY = hex('#1f3a5f');
const WHITE = [255, 255, 255];
const AMBER = hex('#f2a33a');

/** Inside the rounded square (rx 12)? */
function inSquare(x, y) {
  const r = 12;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Within half the stroke width (5, round caps) of a horizontal line from x0 to x1 at y? */
function onLine(x, y, x0, x1, ly) {
  const nx = Math.min(Math.max(x, x0), x1);
  return (x - nx) ** 2 + (y - ly) ** 2 <= 2.5 ** 2;
}

/** The colour at a point of the icon, or null outside it (painted in the SVG's order). */
function paint(x, y) {
  if (!inSquare(x, y)) return null;
  if ((x - 48) ** 2 + (y - 44) ** 2 <= 7 * 7) return AMBER;
  if (onLine(x, y, 14, 50, 18) || onLine(x, y, 14, 38, 30) || onLine(x, y, 14, 44, 42)) return WHITE;
  return NAVY;
}

// RGBA rows, each behind a filter byte (0: none), colour averaged over the samples that are in.
const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0];
    let hits = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = paint(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (!c) continue;
        hits++;
        for (let k = 0; k < 3; k++) sum[k] += c[k];
      }
    }
    const at = row + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[at + k] = hits ? Math.round(sum[k] / hits) : 0;
    raw[at + 3] = Math.round((255 * hits) / SAMPLES ** 2);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const path = new URL('../public/icon.png', import.meta.url);
writeFileSync(path, png);
console.log(`icon: ${png.length} bytes → public/icon.png`);
