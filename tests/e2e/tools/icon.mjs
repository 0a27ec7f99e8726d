// Draws public/icon.png, the page's icon (`<link rel="icon">` in index.html), from
// public/icon.svg with the project's Chromium, so the two never differ.
// Usage, from tests/e2e, when the SVG changes: node tools/icon.mjs
//
// Why a PNG for the page (issue 16): Chromium fetches and decodes a page's icon in the page's own
// renderer, on its main thread, while the page loads, and an SVG icon is a whole SVG document to
// set up there (5 to 28 ms measured, the most on a browser's first page); a 64 px PNG is a few
// hundred microseconds. The manifest keeps the SVGs: they are read only to install the app.
import { chromium } from '@playwright/test';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const svg = new URL('../../../public/icon.svg', import.meta.url);
const png = fileURLToPath(new URL('../../../public/icon.png', import.meta.url));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  // The SVG has a viewBox and no size: it fills the 64 px page; outside its rounded square the
  // picture stays transparent.
  const page = await browser.newPage({ viewport: { width: 64, height: 64 } });
  await page.goto(svg.href);
  await page.screenshot({ path: png, omitBackground: true });
  console.log(`icon: ${statSync(png).size} bytes → public/icon.png`);
} finally {
  await browser.close();
}
