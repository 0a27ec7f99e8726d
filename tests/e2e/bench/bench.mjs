// The browser half of `cargo xtask bench`: measures the release build in dist/ the way a user
// feels it, in Debian's headless Chromium on 127.0.0.1, and prints one JSON object on stdout
// (progress goes to stderr).
//
// Usage: node bench/bench.mjs --dist ../../dist --docs <folder> [--runs 15] [--keys 60]
//          [--bare <folder>] [--lighthouse]
//   --docs: the folder `cargo run --example gen_draft` wrote (small/large .draft.json and .md).
//   --bare: the reference app's build (bench/bare): measured the same way, side by side.
//   --lighthouse: also run Lighthouse 12 (npm lighthouse@12.2.3, mobile and desktop) on both.
//
// Everything is served by gzip-server.mjs (gzip -9, hashed files cached, the rest revalidated),
// which counts every byte it sends.
//
// What it measures (every time is taken inside the page with performance.now(), never by sleeping):
// - size: every file a first visit requests, raw, gzip -9 and brotli (quality 11), and the total.
// - first visit: every byte the server sent to a fresh browser, until the page and its service
//   worker are done (the precache included), and any file sent twice.
// - load: fresh browser contexts (empty cache and storage), navigation start → the Title field is
//   editable and the preview shows the document ("ready"), and → a first input is reflected in
//   the preview ("interactive"); with no draft and with the large draft in storage.
// - typing: keydown (capture) → the preview's first DOM mutation, and → the next frame painted
//   after it, one key at a time: in the summary of the small and the large document, and in the
//   middle timeline entry of the large one; each key waits for the previous update.
// - autosave: Storage.setItem wrapped in the page: keydown → the draft written, the write's own
//   time, the size written, and any save deferred to a timer task (serialise + write).
// - drag: requestAnimationFrame deltas while a pointer drags the first of 200 timeline entries
//   down the list, one pointer move per frame.
// - memory: JS heap (CDP, after a forced GC) and wasm linear memory, after loading the large
//   document and after 1,000 edits (500 characters typed, 500 deleted).
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { serveGzip } from './gzip-server.mjs';
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => {
    if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const dist = resolve(args.dist ?? join(here, '../../../dist'));
const bareDist = args.bare ? resolve(args.bare) : null;
const LIGHTHOUSE = process.argv.includes('--lighthouse');
const docs = resolve(args.docs ?? join(here, '../../../target/bench'));
const RUNS = Number(args.runs ?? 15);
const KEYS = Number(args.keys ?? 60);
const WARMUP_KEYS = 10;
const EDITS = Number(args.edits ?? 1000);

// A draft saved by an earlier visit: codec::encode's JSON (gen_draft writes it) under the key of
// the single draft (src/draft/storage.rs), which the app reads, or migrates into its draft
// library (src/draft/library.rs), on load. The app's own codec and load path do the work.
const DRAFT_KEY = 'postmortem-editor.draft';
// Where the bare stack keeps its text (gloo-storage writes JSON).
const BARE_KEY = 'bare-stack.text';
// Prefix of every key the app writes (autosave is measured on these).
const APP_PREFIX = 'postmortem-editor.';

const log = (...m) => console.error('[bench]', ...m);

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(values, q) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function summary(values) {
  const round = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    n: values.length,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    max: round(values.length ? Math.max(...values) : null),
  };
}

// ---------------------------------------------------------------------------------------------
// The server and the browser

async function launch() {
  return chromium.launch({
    // Debian's Chromium, with the end-to-end tests' flags (chromium.mjs).
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
}

// Runs in the page before any of its scripts: instruments readiness, the preview, storage writes
// and the wasm memory. Everything it records lives on window.__bench.
function instrument(appPrefix) {
  const b = (window.__bench = {
    keys: 0,
    lastKey: 0,
    ready: null,
    interactive: null,
    keydown: null,
    latencies: [],
    paints: [],
    frames: [],
    saves: [],
    saveTasks: [],
    memory: null,
    waiter: null,
  });
  // Every task over 50 ms from the start of the load: what keeps the page from taking input.
  b.longTasks = [];
  if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  }
  addEventListener('TrunkApplicationStarted', (e) => {
    b.memory = e.detail?.wasm?.memory ?? null;
  });
  // Every write of the app's keys (the draft itself, and any index the layout keeps), tagged with
  // the keystroke it follows.
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const start = performance.now();
    const result = setItem.call(this, key, value);
    const end = performance.now();
    if (String(key).startsWith(appPrefix) && !String(key).includes('unreadable')) {
      b.saves.push({ key: b.keys, start, end, bytes: String(value).length, sinceKey: end - b.lastKey });
    }
    return result;
  };
  // Timer callbacks that write the draft (the autosave that follows a burst of typing): their
  // whole duration is the save's cost in the page, serialisation included.
  const setTimeoutOriginal = window.setTimeout;
  window.setTimeout = function (fn, delay, ...rest) {
    if (typeof fn !== 'function') return setTimeoutOriginal.call(this, fn, delay, ...rest);
    const timed = function (...a) {
      const start = performance.now();
      const before = b.saves.length;
      try {
        return fn.apply(this, a);
      } finally {
        if (b.saves.length > before) {
          const bytes = Math.max(...b.saves.slice(before).map((s) => s.bytes));
          b.saveTasks.push({ ms: performance.now() - start, bytes });
        }
      }
    };
    return setTimeoutOriginal.call(this, timed, delay, ...rest);
  };
  addEventListener(
    'keydown',
    () => {
      b.keydown = b.lastKey = performance.now();
      b.keys++;
    },
    true,
  );

  let previewObserved = null;
  const check = () => {
    const title = document.getElementById('field-title');
    const preview = document.querySelector('#preview-rendered, section[aria-label="Preview"] article.preview');
    if (preview && previewObserved !== preview) {
      previewObserved = preview;
      new MutationObserver(() => {
        const now = performance.now();
        if (b.keydown !== null) {
          const key = b.keydown;
          b.latencies.push(now - key);
          b.keydown = null;
          // The frame that shows it: after the next animation frame's callbacks, style, layout
          // and paint, a posted message runs (the usual "next paint" approximation).
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              b.paints.push(performance.now() - key);
              const w = b.waiter;
              b.waiter = null;
              if (w) w();
            };
            channel.port2.postMessage(0);
          });
        }
        if (b.probe && preview.textContent.includes(b.probe)) {
          b.probe = null;
          b.interactive = now;
        }
      }).observe(preview, { childList: true, subtree: true, characterData: true });
    }
    // The title box itself, not the static frame's stand-in for it (index.html).
    const box = title instanceof HTMLInputElement || title instanceof HTMLTextAreaElement;
    if (b.ready === null && box && !title.disabled && !title.readOnly && preview?.firstElementChild) {
      b.ready = performance.now();
      // The first input: what a user typing at this moment would see.
      b.probe = 'Zq' + 'x'.repeat(3);
      title.value = title.value + b.probe;
      title.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

async function newPage(browser, url, draft, key = DRAFT_KEY) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const foreign = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      foreign.push(r.url());
  });
  await context.addInitScript(instrument, APP_PREFIX);
  if (draft !== undefined) {
    // Only on the first navigation, like a draft saved on an earlier visit.
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('bench-injected')) {
          sessionStorage.setItem('bench-injected', '1');
          localStorage.setItem(key, value);
        }
      },
      [key, draft],
    );
  }
  const page = await context.newPage();
  return { context, page, foreign };
}

async function openReady(browser, url, draft, key = DRAFT_KEY) {
  const { context, page, foreign } = await newPage(browser, url, draft, key);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 30_000 });
  return { context, page, foreign };
}

// ---------------------------------------------------------------------------------------------
// Measurements

async function sizes(browser, url) {
  const { context, page } = await newPage(browser, url);
  const paths = new Set();
  page.on('request', (r) => {
    if (r.url().startsWith(url)) paths.add(new URL(r.url()).pathname);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.interactive !== null);
  await page.waitForLoadState('networkidle');
  await context.close();
  const files = [];
  for (const p of [...paths].sort()) {
    const file = join(dist, p.endsWith('/') ? p + 'index.html' : decodeURIComponent(p));
    const body = await readFile(file);
    files.push({
      path: p,
      kind: p.endsWith('/') ? 'html' : extname(file).slice(1),
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    });
  }
  const total = (k) => files.reduce((s, f) => s + f[k], 0);
  const wasmFile = files.find((f) => f.kind === 'wasm');
  const wasm = wasmFile ? wasmSections(await readFile(join(dist, wasmFile.path))) : null;
  // Files in dist/ a first visit does not request (e.g. assets), listed for completeness.
  const requested = new Set(files.map((f) => f.path.replace(/^\//, '')));
  const unrequested = (await readdir(dist, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dist.length + 1))
    .filter((p) => !requested.has(p) && p !== 'index.html');
  return {
    files,
    first_visit: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') },
    wasm_sections: wasm,
    not_requested: unrequested,
  };
}

/** Bytes per section of a wasm module (code, data, ...), from its section headers. */
function wasmSections(bytes) {
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
    'start', 'element', 'code', 'data', 'data_count'];
  const out = {};
  let pos = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const name = names[id] ?? `section_${id}`;
    out[name] = (out[name] ?? 0) + size;
    pos += size;
  }
  return out;
}

async function load(browser, url, draft, label, key = DRAFT_KEY) {
  const ready = [];
  const interactive = [];
  const fcp = [];
  const foreign = [];
  const longest = [];
  const blocking = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await openReady(browser, url, draft, key);
    const t = await run.page.evaluate(() => ({
      r: window.__bench.ready,
      i: window.__bench.interactive,
      f: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    ready.push(t.r);
    interactive.push(t.i);
    if (t.f !== null) fcp.push(t.f);
    // Until the whole form is built (the last dialog is there and the lists stop growing), then
    // the tasks over 50 ms: the longest, and their time past 50 ms (total blocking time).
    await run.page.waitForFunction(() => document.querySelector('dialog.paste-dialog'), null, { timeout: 30_000 });
    for (let rows = -1, t = 0; t < 20_000; t += 250) {
      const now = await run.page.evaluate(() => document.querySelectorAll('ol.rows > li').length);
      if (now === rows) break;
      rows = now;
      await run.page.waitForTimeout(250);
    }
    await run.page.waitForTimeout(300);
    const tasks = await run.page.evaluate(() => window.__bench.longTasks);
    longest.push(Math.max(0, ...tasks));
    blocking.push(tasks.reduce((n, d) => n + d - 50, 0));
    foreign.push(...run.foreign);
    await run.context.close();
  }
  const s = {
    ready: summary(ready),
    interactive: summary(interactive),
    fcp: summary(fcp),
    longest_task: summary(longest),
    blocking: summary(blocking),
  };
  log(`load (${label}): editor visible p50 ${s.ready.p50} ms, interactive p50 ${s.interactive.p50} ms, FCP p50 ${s.fcp.p50} ms; ` +
    `until the form is built: longest task p50 ${s.longest_task.p50} ms, blocking p50 ${s.blocking.p50} ms`);
  return { ...s, foreign_requests: foreign.length };
}

/** The new-document load of the app and of the bare stack, alternating run by run so that both
 * see the same machine (two cores shared with other work can change speed within a minute). */
async function loadSideBySide(browser, apps) {
  const runs = apps.map(() => ({ ready: [], interactive: [], fcp: [] }));
  for (let i = 0; i < RUNS; i++) {
    // Alternate which app loads first: on a busy machine the first of a pair measured up to
    // 250 ms slower (visible) and 130 ms (FCP) than the same build loaded second.
    const order = i % 2 === 0 ? [...apps.entries()] : [...apps.entries()].reverse();
    for (const [n, app] of order) {
      const run = await openReady(browser, app.url);
      const t = await run.page.evaluate(() => ({
        r: window.__bench.ready,
        i: window.__bench.interactive,
        f: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      }));
      runs[n].ready.push(t.r);
      runs[n].interactive.push(t.i);
      if (t.f !== null) runs[n].fcp.push(t.f);
      await run.context.close();
    }
  }
  return runs.map((r, n) => {
    const s = { ready: summary(r.ready), interactive: summary(r.interactive), fcp: summary(r.fcp) };
    log(`load (${apps[n].label}): editor visible p50 ${s.ready.p50} ms, interactive p50 ${s.interactive.p50} ms, FCP p50 ${s.fcp.p50} ms`);
    return s;
  });
}

/** How many times Lighthouse's mobile run is repeated: its simulated blocking time swings
 * between runs of the same build (256 to 1,146 ms over 19 runs in one session, scores 77 to 95), so
 * one run says little; the median run is reported, with every run's score. */
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);

/** Lighthouse 12 (pinned; npm fetches it once into its cache), performance only, mobile (its
 * default: simulated slow 4G and a 4× slower CPU; the median of several runs) and desktop, on
 * the gzip server. */
async function lighthouse(url, label) {
  const out = {};
  for (const preset of ['mobile', 'desktop']) {
    const runs = [];
    for (let i = 0; i < (preset === 'mobile' ? LIGHTHOUSE_RUNS : 1); i++) {
      const run = await lighthouseOnce(url, preset);
      if (run === null) log(`lighthouse (${label}, ${preset}) failed`);
      else runs.push(run);
    }
    if (runs.length === 0) {
      out[preset] = null;
      continue;
    }
    // The median run by score (the lower middle one of an even count).
    const sorted = [...runs].sort((a, b) => a.performance - b.performance || a.tbt_ms - b.tbt_ms);
    out[preset] = {
      ...sorted[Math.floor((sorted.length - 1) / 2)],
      runs: runs.map((r) => ({ performance: r.performance, tbt_ms: r.tbt_ms })),
    };
    log(`lighthouse (${label}, ${preset}): ${JSON.stringify(out[preset])}`);
  }
  return out;
}

/** One Lighthouse run: its figures, or null if it failed. */
async function lighthouseOnce(url, preset) {
  const argv = ['--yes', 'lighthouse@12.2.3', url, '--output=json', '--output-path=stdout', '--quiet',
    '--only-categories=performance', '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  if (preset === 'desktop') argv.push('--preset=desktop');
  const child = spawn('npx', argv, {
    env: { ...process.env, CHROME_PATH: CHROMIUM_PATH },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout.on('data', (c) => (text += c));
  const code = await new Promise((ok) => child.on('exit', ok));
  if (code !== 0) return null;
  const report = JSON.parse(text);
  const audit = (id) => report.audits[id]?.numericValue ?? null;
  return {
    performance: Math.round((report.categories.performance.score ?? 0) * 100),
    fcp_ms: audit('first-contentful-paint'),
    lcp_ms: audit('largest-contentful-paint'),
    tbt_ms: audit('total-blocking-time'),
    speed_index_ms: audit('speed-index'),
    cls: audit('cumulative-layout-shift'),
  };
}

/** Every byte the server sends to a fresh browser on a first visit: until the page is
 * interactive, then until its service worker (if it registers one) is active and the network
 * has been quiet for a while, so an idle-time precache is counted too. */
async function firstVisit(browser, server, label) {
  const { context, page } = await newPage(browser, server.url);
  server.reset();
  await page.goto(server.url);
  await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 30_000 });
  const quiet = async (ms) => {
    for (let n = server.sent().length, t = 0; t < 20_000; t += 250) {
      await page.waitForTimeout(250);
      const now = server.sent().length;
      if (now !== n) {
        n = now;
        t = 0;
      } else if (t >= ms) return;
    }
  };
  await quiet(2000);
  const worker = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker?.getRegistration();
    if (!reg) return false;
    await navigator.serviceWorker.ready;
    return true;
  });
  if (worker) await quiet(1500);
  const sent = server.sent();
  await context.close();
  const byPath = new Map();
  for (const r of sent) {
    const f = byPath.get(r.path) ?? { path: r.path, requests: 0, bodies: 0, bytes: 0 };
    f.requests++;
    if (r.status === 200 && r.body > 0) f.bodies++;
    f.bytes += r.bytes;
    byPath.set(r.path, f);
  }
  const files = [...byPath.values()].sort((a, b) => b.bytes - a.bytes);
  const repeats = files.filter((f) => f.bodies > 1);
  const total = sent.reduce((n, r) => n + r.bytes, 0);
  const repeated = repeats.reduce((n, f) => n + (f.bytes * (f.bodies - 1)) / f.bodies, 0);
  log(`first visit (${label}): ${(total / 1024).toFixed(1)} KiB in ${sent.length} responses, ` +
    `${(repeated / 1024).toFixed(1)} KiB sent again; service worker: ${worker}`);
  return { bytes: total, responses: sent.length, repeated_bytes: Math.round(repeated), service_worker: worker, files };
}

/** Presses `key` and resolves when the preview has changed (false after 2 s: counted as lost).
 * The waiter is installed in the page before the key is sent, so no update can be missed. */
async function pressAndWait(page, key) {
  await page.evaluate(() => {
    const b = window.__bench;
    b.pending = new Promise((ok) => {
      const timer = setTimeout(() => ok(false), 2000);
      b.waiter = () => {
        clearTimeout(timer);
        ok(true);
      };
    });
  });
  await page.keyboard.press(key);
  return page.evaluate(() => window.__bench.pending);
}

/** Per keystroke: the total time in setItem, the bytes written, keydown → last write done. */
function autosave(saves) {
  const perKey = new Map();
  for (const s of saves) {
    const k = perKey.get(s.key) ?? { ms: 0, bytes: 0, sinceKey: 0 };
    k.ms += s.end - s.start;
    k.bytes = Math.max(k.bytes, s.bytes);
    k.sinceKey = Math.max(k.sinceKey, s.sinceKey);
    perKey.set(s.key, k);
  }
  const keys = [...perKey.values()];
  return {
    keystrokes_saved: keys.length,
    writes: saves.length,
    bytes: keys.length ? Math.max(...keys.map((k) => k.bytes)) : null,
    write: summary(keys.map((k) => k.ms)),
    keystroke_to_saved: summary(keys.map((k) => k.sinceKey)),
  };
}

async function typing(browser, url, draft, label, field = '#field-summary', bare = false) {
  const { context, page } = await openReady(browser, url, draft, bare ? BARE_KEY : DRAFT_KEY);
  await page.locator(field).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Control+End');
  // Letters only: each one changes the exported Markdown (a trailing space would not).
  const text = 'thequickbrownfoxjumpsoverthelazydogwhilethepagerkeepsringing';
  let lost = 0;
  await page.evaluate(() => {
    window.__bench.latencies = [];
    window.__bench.paints = [];
    window.__bench.saves = [];
  });
  for (let i = 0; i < WARMUP_KEYS + KEYS; i++) {
    if (i === WARMUP_KEYS) {
      await page.evaluate(() => {
        window.__bench.latencies = [];
        window.__bench.paints = [];
        window.__bench.saves = [];
        window.__bench.saveTasks = [];
      });
    }
    const ch = text[i % text.length];
    if (!(await pressAndWait(page, ch))) lost++;
  }
  // Let the last (throttled) save land.
  await page.waitForTimeout(1500);
  const { latencies, paints, saves, saveTasks } = await page.evaluate(() => ({
    saveTasks: window.__bench.saveTasks,
    latencies: window.__bench.latencies,
    paints: window.__bench.paints,
    saves: window.__bench.saves,
  }));
  // The Markdown tab holds the text only while it is shown (the bare stack's is the textarea).
  let markdownBytes;
  if (bare) {
    markdownBytes = await page.evaluate((f) => new TextEncoder().encode(document.querySelector(f).value).length, field);
  } else {
    await page.getByRole('tab', { name: 'Markdown' }).click();
    markdownBytes = await page.evaluate(
      () => new TextEncoder().encode(document.getElementById('preview-markdown')?.textContent ?? '').length,
    );
    await page.getByRole('tab', { name: 'Rendered' }).click();
  }
  // What replacing the preview's DOM alone costs (the same HTML parsed again, then laid out):
  // the part of a keystroke the browser spends, whatever the wasm side does.
  const domReplace = await page.evaluate(() => {
    const article = document.querySelector('#preview-rendered, section[aria-label="Preview"] article.preview');
    const html = article.innerHTML;
    const times = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      article.innerHTML = html;
      void article.offsetHeight;
      times.push(performance.now() - start);
    }
    return times.slice(5);
  });
  await context.close();
  const result = {
    keystroke_to_preview: summary(latencies),
    keystroke_to_paint: summary(paints),
    preview_dom_replace: summary(domReplace),
    lost,
    markdown_bytes: markdownBytes,
    autosave: { ...autosave(saves), timer_save: summary(saveTasks.map((t) => t.ms)) },
  };
  log(
    `typing (${label}): p50 ${result.keystroke_to_preview.p50} ms, p95 ${result.keystroke_to_preview.p95} ms, ` +
      `lost ${lost}, preview DOM replace p50 ${result.preview_dom_replace.p50} ms`,
  );
  return result;
}

async function drag(browser, url, draft) {
  const { context, page } = await openReady(browser, url, draft);
  const rows = await page.locator('ol.timeline > li').count();
  const handle = page.locator('ol.timeline > li').first().locator('.drag-handle');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  const x = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  const viewport = page.viewportSize();
  await page.mouse.move(x, y0);
  await page.mouse.down();
  await page.evaluate(() => {
    const b = window.__bench;
    b.frames = [];
    b.dragging = true;
    let last = performance.now();
    const tick = (now) => {
      b.frames.push(now - last);
      last = now;
      if (b.dragging) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // Down to the bottom edge (the list auto-scrolls there), hold, then back up a little.
  const steps = 120;
  const yEnd = viewport.height - 10;
  const nextFrame = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x, y0 + ((yEnd - y0) * i) / steps);
    await nextFrame();
  }
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(x, yEnd - (i % 2));
    await nextFrame();
  }
  const scrolled = await page.evaluate(() => scrollY);
  await page.mouse.up();
  await nextFrame();
  const frames = await page.evaluate(() => {
    window.__bench.dragging = false;
    return window.__bench.frames.slice(1);
  });
  const moved = await page
    .locator('ol.timeline > li')
    .first()
    .locator('textarea')
    .first()
    .inputValue()
    .catch(() => null);
  await context.close();
  const result = {
    rows,
    frame: summary(frames),
    frames_over_33ms: frames.filter((f) => f > 33.4).length,
    scrolled_px: Math.round(scrolled),
    first_row_changed: moved !== null,
  };
  log(`drag: frame p50 ${result.frame.p50} ms, p95 ${result.frame.p95} ms, max ${result.frame.max} ms`);
  return result;
}

/** Waits until the page's element count has stayed the same for 600 ms: the app builds the parts
 * below the first screen (and a long timeline's rows) a task each after it is ready. */
async function settled(page) {
  let last = -1;
  for (let same = 0, tries = 0; same < 3 && tries < 100; tries++) {
    const n = await page.evaluate(() => document.getElementsByTagName('*').length);
    same = n === last ? same + 1 : 0;
    last = n;
    await page.waitForTimeout(200);
  }
}

async function memory(browser, url, draft) {
  const { context, page } = await openReady(browser, url, draft);
  // The baseline is the page as built, not a page still building its rows: measured too early,
  // the growth counted the load's own allocations (up to 12 MB of wasm memory) as the edits'.
  await settled(page);
  const cdp = await context.newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? null);
    return { js_heap_used: heap.usedSize, js_heap_total: heap.totalSize, wasm_memory: wasm };
  };
  await page.locator('#field-summary').click();
  await page.keyboard.press('Control+End');
  const afterLoad = await measure();
  // 1,000 edits: type 10 letters, delete them, 50 times. Each key waits for its preview update.
  let lost = 0;
  const burst = 'incidentxy';
  const milestones = [];
  for (let round = 0; round < EDITS / (2 * burst.length); round++) {
    for (const ch of burst) if (!(await pressAndWait(page, ch))) lost++;
    for (let i = 0; i < burst.length; i++) if (!(await pressAndWait(page, 'Backspace'))) lost++;
    if ((round + 1) % 5 === 0) milestones.push({ edits: (round + 1) * 2 * burst.length, ...(await measure()) });
  }
  const afterEdits = await measure();
  await context.close();
  const result = {
    after_load: afterLoad,
    after_edits: afterEdits,
    edits: EDITS,
    lost,
    milestones: milestones.map((m) => ({ edits: m.edits, js_heap_used: m.js_heap_used, wasm_memory: m.wasm_memory })),
    js_heap_growth: afterEdits.js_heap_used - afterLoad.js_heap_used,
    wasm_growth:
      afterEdits.wasm_memory === null ? null : afterEdits.wasm_memory - afterLoad.wasm_memory,
  };
  log(`memory: js heap ${afterLoad.js_heap_used} → ${afterEdits.js_heap_used}, wasm ${afterLoad.wasm_memory} → ${afterEdits.wasm_memory}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Long unbroken strings (issue 13): a keystroke stays fast with a 200,000-character string
// without a space in a field. Its own function and output key (`long_unbroken`).

const LONG_CHARS = 200_000;
const LONG_KEYS = Number(args['long-keys'] ?? 12);

async function longUnbroken(browser, url, bareUrl) {
  const out = {};
  const cases = [['title', '#field-title', url], ['summary', '#field-summary', url]];
  // The reference: the same string in the bare stack's textarea, rendered live beside it.
  if (bareUrl) cases.push(['bare', '#field-title', bareUrl]);
  for (const [name, field, at] of cases) {
    const draft =
      name === 'bare'
        ? JSON.stringify('x'.repeat(LONG_CHARS))
        : JSON.stringify({ schema: 2, document: { [name]: 'x'.repeat(LONG_CHARS) } });
    const { context, page } = await openReady(browser, at, draft, name === 'bare' ? BARE_KEY : DRAFT_KEY);
    await page.locator(field).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('End');
    let lost = 0;
    for (let i = 0; i < 2 + LONG_KEYS; i++) {
      if (i === 2) {
        await page.evaluate(() => {
          window.__bench.latencies = [];
          window.__bench.paints = [];
        });
      }
      if (!(await pressAndWait(page, 'y'))) lost++;
    }
    const { latencies, paints } = await page.evaluate(() => ({
      latencies: window.__bench.latencies,
      paints: window.__bench.paints,
    }));
    await context.close();
    out[name] = { keystroke_to_preview: summary(latencies), keystroke_to_paint: summary(paints), lost };
    log(`long unbroken ${name}: paint p50 ${out[name].keystroke_to_paint.p50} ms, lost ${lost}`);
  }
  return { chars: LONG_CHARS, ...out };
}

// Paste into timeline (issue 17): 5,000 pasted lines (the rotation of `pasted_lines` in
// benches/pipeline.rs) put in the dialog's text box as one input event; `read` is the reader's
// own time (the list's `data-read-ms`), `shown` input → the list shows the count and its first
// rows (`data-shown`, 200) → the next frame painted. Its own function and output key (`paste`).
const PASTE_LINES = 5_000;

function pastedLines(n) {
  const p2 = (x) => String(x).padStart(2, '0');
  const out = [];
  for (let i = 0; i < n; i++) {
    const [h, m, s] = [Math.floor(i / 60) % 24, i % 60, (i * 7) % 60];
    out.push(
      [
        `Priya Natarajan  ${(h % 12) + 1}:${p2(m)} PM`,
        `checkout error rate is ${i} per minute, looking into it`,
        `[${p2(h)}:${p2(m)}] <kpatel> ack, restarting worker ${i}`,
        `2025-06-18T${p2(h)}:${p2(m)}:${p2(s)}.120Z ERROR api: timeout on shard ${i}`,
        `Jun 18 ${p2(h)}:${p2(m)}:${p2(s)} web01 nginx[42]: upstream ${i} failed`,
        `[6/18/2025 ${(h % 12) + 1}:${p2(m)} AM] Grace Mwangi: failover ${i} done`,
        `- ${p2(h)}:${p2(m)} note ${i}: rolled back the deploy`,
        ':eyes: 2',
        '',
        `more detail on step ${i}, the queue drained`,
      ][i % 10],
    );
  }
  return out.join('\n') + '\n';
}

async function pasteRead(browser, url) {
  const { context, page } = await openReady(browser, url);
  await page.getByRole('button', { name: 'Paste into timeline…' }).click();
  const text = pastedLines(PASTE_LINES);
  const reads = [];
  const shown = [];
  let entries = 0;
  for (let run = 0; run < Math.min(RUNS, 7); run++) {
    const r = await page.evaluate(async (text) => {
      const box = document.getElementById('paste-text');
      const list = document.querySelector('.paste-entries');
      const set = (value) => {
        box.value = value;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const until = (ok) =>
        new Promise((done) => {
          if (ok()) return done();
          const seen = new MutationObserver(() => {
            if (ok()) {
              seen.disconnect();
              done();
            }
          });
          seen.observe(list, { attributes: true, childList: true });
        });
      set('');
      await until(() => list.dataset.count === '0');
      await new Promise((r) => setTimeout(r, 200));
      const start = performance.now();
      set(text);
      await until(() => list.dataset.count !== '0' && list.children.length === Number(list.dataset.shown));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return { shown: performance.now() - start, read: Number(list.dataset.readMs), entries: Number(list.dataset.count), drawn: list.children.length };
    }, text);
    reads.push(r.read);
    shown.push(r.shown);
    entries = r.entries;
  }
  await context.close();
  const out = { lines: PASTE_LINES, entries, read: summary(reads), shown: summary(shown) };
  log(`paste ${PASTE_LINES} lines: read p50 ${out.read.p50} ms, list shown p50 ${out.shown.p50} ms (${entries} entries)`);
  return out;
}

// ---------------------------------------------------------------------------------------------

const only = args.only ? new Set(args.only.split(',')) : null;
const want = (name) => only === null || only.has(name);
const server = await serveGzip(dist);
const bare = bareDist ? await serveGzip(bareDist) : null;
const browser = await launch();
try {
  // The documents are read only by the measurements that use them (`--only size` runs without).
  const needsDocs = want('load') || want('typing') || want('drag') || want('memory');
  const small = needsDocs ? await readFile(join(docs, 'small.draft.json'), 'utf8') : null;
  const large = needsDocs ? await readFile(join(docs, 'large.draft.json'), 'utf8') : null;
  const out = { runs: RUNS, keys: KEYS, chromium: browser.version() };
  if (want('size')) {
    out.size = await sizes(browser, server.url);
    out.first_visit = await firstVisit(browser, server, 'editor');
    if (bare) out.bare = { first_visit: await firstVisit(browser, bare, 'bare stack') };
  }
  if (want('load')) {
    if (bare) {
      const apps = [
        { url: server.url, label: 'editor, new document' },
        { url: bare.url, label: 'bare stack' },
      ];
      [out.load, (out.bare ??= {}).load] = await loadSideBySide(browser, apps);
    } else {
      out.load = await load(browser, server.url, undefined, 'new document');
    }
    if (large !== null) out.load_large = await load(browser, server.url, large, 'large draft');
  }
  if (want('typing')) {
    out.typing_small = await typing(browser, server.url, small, 'small');
    if (bare) {
      // The same Markdown as the small document, typed at its end in the bare stack's textarea.
      const text = JSON.stringify(await readFile(join(docs, 'small.md'), 'utf8'));
      (out.bare ??= {}).typing = await typing(browser, bare.url, text, 'bare stack', '#field-title', true);
    }
    out.typing_large = await typing(browser, server.url, large, 'large');
    // The middle entry of the timeline: its line, the times and the rows around it are in play.
    out.typing_entry = await typing(
      browser,
      server.url,
      large,
      'large, timeline entry',
      'ol.timeline > li:nth-child(100) textarea',
    );
  }
  if (want('drag')) out.drag = await drag(browser, server.url, large);
  if (want('memory')) out.memory = await memory(browser, server.url, large);
  if (want('long')) out.long_unbroken = await longUnbroken(browser, server.url, bare?.url);
  if (want('paste')) out.paste = await pasteRead(browser, server.url);
  if (LIGHTHOUSE) {
    out.lighthouse = await lighthouse(server.url, 'editor');
    if (bare) (out.bare ??= {}).lighthouse = await lighthouse(bare.url, 'bare stack');
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} finally {
  await browser.close();
  await server.stop();
  await bare?.stop();
}
