// Where a cold load's main-thread tasks go: every task over 5 ms, marked `*` after the first
// contentful paint (those count towards Lighthouse's total blocking time, at 4× on mobile), with
// the trace events that take most of it (layout, style, V8 compiling wasm lazily, ...). Not part
// of `cargo xtask bench`: a tool for issue 16, beside phases.mjs and profile.mjs.
//
// Usage: node bench/tasks.mjs <dist folder>   (N=3 loads, at a 412 px viewport)
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { serveGzip } from './gzip-server.mjs';
import { chromium } from '@playwright/test';
const dir = process.argv[2];
const server = await serveGzip(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const N = Number(process.env.N ?? 3);
for (let r = 0; r < N; r++) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', 'loading', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  await page.goto(server.url);
  await page.waitForTimeout(3000);
  const ev = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const fcpEv = ev.find((e) => e.name === 'firstContentfulPaint');
  const main = ev.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' && e.pid === fcpEv.pid);
  const fcp = fcpEv.ts;
  const mine = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur > 5000);
  const t0 = ev.find((e) => e.name === 'navigationStart')?.ts ?? tasks[0].ts;
  console.log(`run ${r}: fcp ${((fcp - t0) / 1000).toFixed(0)}`);
  for (const t of tasks) {
    const kids = new Map();
    for (const e of mine) {
      if (e === t || e.ts < t.ts || e.ts + e.dur > t.ts + t.dur || e.name === 'RunTask') continue;
      kids.set(e.name, (kids.get(e.name) ?? 0) + e.dur);
    }
    const top = [...kids].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n}:${(d / 1000).toFixed(1)}`).join(' ');
    console.log(`  ${t.ts > fcp ? '*' : ' '} @${((t.ts - t0) / 1000).toFixed(0)} ${(t.dur / 1000).toFixed(1)}ms  ${top}`);
  }
  await context.close();
}
await browser.close(); process.exit(0);
