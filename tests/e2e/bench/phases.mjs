// Where a cold load's time goes, phase by phase, side by side with the bare stack: the wasm's
// download, its compile and instantiation, the mount (main), and the first input in the preview.
// A tool for issue 16, not part of `cargo xtask bench`.
//
// Usage: node bench/phases.mjs <dist> [<dist>…] [--loads 9]   (the first is "ours", the last the bare
// stack; any between are compared too, e.g. an older build). Each round loads every app once, in
// an order that rotates, so no app always goes first. JSFLAGS=--no-wasm-lazy-compilation compiles
// the whole wasm up front instead, which shows how much of the mount is compiling functions.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { serveGzip } from './gzip-server.mjs';
import { chromium } from '@playwright/test';

const argv = process.argv.slice(2);
const at = argv.indexOf('--loads');
const LOADS = at >= 0 ? Number(argv[at + 1]) : 9;
const dirs = at >= 0 ? argv.filter((_, i) => i !== at && i !== at + 1) : argv;
const apps = [];
for (const dir of dirs) apps.push({ label: dir, server: await serveGzip(dir) });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...(process.env.JSFLAGS ? ['--js-flags=' + process.env.JSFLAGS] : [])] });

function instrument() {
  const t = (window.__phase = { instantiated: null, ready: null, interactive: null });
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...a) {
      return original.apply(this, a).then((r) => {
        t.instantiated ??= performance.now();
        return r;
      });
    };
  }
  const check = () => {
    const title = document.getElementById('field-title');
    const preview = document.querySelector('#preview-rendered, section[aria-label="Preview"] article.preview');
    // The title box itself, not the static frame's stand-in for it (index.html).
    const box = title instanceof HTMLInputElement || title instanceof HTMLTextAreaElement;
    if (t.ready === null && box && preview?.firstElementChild) {
      t.ready = performance.now();
      t.nodes = document.getElementsByTagName('*').length;
      title.value += 'Zqxxx';
      title.dispatchEvent(new Event('input', { bubbles: true }));
      new MutationObserver(() => {
        if (t.interactive === null && preview.textContent.includes('Zqxxx')) t.interactive = performance.now();
      }).observe(preview, { childList: true, subtree: true, characterData: true });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

const rows = Object.fromEntries(apps.map((a) => [a.label, []]));
for (let run = 0; run < LOADS; run++) {
  const order = apps.map((_, i) => apps[(i + run) % apps.length]);
  for (const app of run % 2 ? order.reverse() : order) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForFunction(() => window.__phase.interactive !== null, null, { timeout: 30000 });
    const r = await page.evaluate(() => {
      const res = performance.getEntriesByType('resource');
      const wasm = res.find((e) => e.name.endsWith('.wasm'));
      const js = res.find((e) => e.name.endsWith('.js'));
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      return { js: js?.responseEnd, wasmStart: wasm?.requestStart, wasm: wasm?.responseEnd, fcp, ...window.__phase };
    });
    rows[app.label].push(r);
    await context.close();
  }
}
const med = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [label, rs] of Object.entries(rows)) {
  const f = (k) => med(rs.map((r) => r[k]))?.toFixed(0);
  const d = (a, b) => med(rs.map((r) => r[a] - r[b]))?.toFixed(0);
  console.log(`${label}: fcp ${f('fcp')} js ${f('js')} wasm-req ${f('wasmStart')} wasm-done ${f('wasm')} instantiated ${f('instantiated')} ready ${f('ready')} interactive ${f('interactive')} | mount ${d('ready', 'instantiated')} input ${d('interactive', 'ready')} nodes ${f('nodes')}`);
}
await browser.close();
process.exit(0);
