// Where a cold load's time goes, phase by phase, side by side with the bare stack: the wasm's
// download, its compile and instantiation, the mount (main), and the first input in the preview.
// A tool for issue 16, not part of `cargo xtask bench`.
//
// Usage: node bench/phases.mjs <dist> <bare dist> [loads, 9]
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { serveGzip } from './gzip-server.mjs';
import { chromium } from '@playwright/test';

const LOADS = Number(process.argv[4] ?? 9);
const apps = [
  { label: 'ours', server: await serveGzip(process.argv[2]) },
  { label: 'bare', server: await serveGzip(process.argv[3]) },
];
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
    if (t.ready === null && title && preview?.firstElementChild) {
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

const rows = { ours: [], bare: [] };
for (let run = 0; run < LOADS; run++) {
  for (const app of run % 2 ? [...apps].reverse() : apps) {
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
