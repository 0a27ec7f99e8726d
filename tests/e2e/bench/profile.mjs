// Where a cold load's main-thread time goes: serves a built folder (gzip-server.mjs), loads it
// in fresh browser contexts with V8's sampling profiler on, and prints the functions with the
// most self and inclusive time (per load, averaged). Not part of `cargo xtask bench`: a tool for
// finding what to cut (issue 16).
//
// Usage: node bench/profile.mjs <dist folder> [viewport width, 1280] [loads, 3]
//
// The release wasm has no names (wasm-bindgen and wasm-opt drop them). For names, make a copy of
// dist/ whose wasm keeps them, from the same cargo build:
//   wasm-bindgen --target web --no-typescript --out-dir /tmp/named --out-name postmortem-editor \
//     target/wasm32-unknown-unknown/release/postmortem-editor.wasm
//   wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
//     --enable-mutable-globals --enable-reference-types --enable-multivalue \
//     /tmp/named/postmortem-editor_bg.wasm -o <copy of dist>/postmortem-editor-<hash>_bg.wasm
// (the loader script wasm-bindgen writes is the same file as dist's, so only the wasm changes).
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { serveGzip } from './gzip-server.mjs';
import { chromium } from '@playwright/test';
const server = await serveGzip(process.argv[2]);
const width = Number(process.argv[3] ?? 1280);
const LOADS = Number(process.argv[4] ?? 3);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const self = new Map(), incl = new Map();
for (let run = 0; run < LOADS; run++) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(server.url);
  await page.waitForSelector('input#field-title:not([readonly])');
  await page.waitForTimeout(2500);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const d = (dt[i + 1] ?? 0) / 1000;
    const n = byId.get(id);
    const name = n.callFrame.functionName || '(anon)';
    self.set(name, (self.get(name) ?? 0) + d);
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const nm = byId.get(x).callFrame.functionName || '(anon)';
      if (seen.has(nm)) continue;
      seen.add(nm);
      incl.set(nm, (incl.get(nm) ?? 0) + d);
    }
  });
  await context.close();
}
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${(t / LOADS).toFixed(1)}ms ${n.slice(0, 150)}`).join('\n');
console.log('== self\n' + top(self, 35));
console.log('== inclusive\n' + top(incl, Number(process.env.TOP ?? 70)));
await browser.close();
await server.stop();
