// The release build's last step, run by trunk as a post_build hook (see Trunk.toml) in the
// staging folder (TRUNK_STAGING_DIR, or the folder given as the first argument):
// 0. makes trunk's loader fetch the wasm after the first paint (see below);
// 0b. drops what only a reader of the source needs: HTML comments, and the comments and
//    indentation of the inline styles;
// 1. writes the sha256 of every inline <script> of index.html (trunk's module loader) into the
//    Content-Security-Policy placeholder INLINE-SCRIPT-HASHES, so the policy can forbid every
//    other inline script;
// 2. fills in the service worker (sw.js): VERSION, a hash of every built file, and FILES, the
//    list of files to precache, relative to the worker (so the app works under any sub-path),
//    each marked `immutable` when its name carries a hash of its content (trunk's filehash), so
//    the worker may take it from the HTTP cache instead of downloading it again.
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set and no folder was given');
  process.exit(1);
}

const sha256 = (data) => createHash('sha256').update(data);

const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');

// 0. The wasm is fetched once the static frame's first paint has been reported, not while the
//    page is still being laid out (issue 16). The frame is the page's largest contentful paint;
//    a download that has ended before that paint is counted as needed for it, so the reported
//    largest paint was the whole wasm's download away (Lighthouse mobile: 4.1 s, not 0.8 s).
//    trunk's loader gets the wait, and trunk's preload of the wasm goes.
const preload = /\s*<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/g;
if ((html.match(preload) ?? []).length !== 1) throw new Error('postbuild: no single wasm preload link in index.html');
html = html.replace(preload, '');
const start = 'const wasm = await init(';
if (html.split(start).length !== 2) throw new Error(`postbuild: trunk's loader has no single "${start}"`);
html = html.replace(start, `await new Promise((go) => {
  // Now, if the frame has painted, the tab is hidden, or the browser does not report paints.
  const types = globalThis.PerformanceObserver?.supportedEntryTypes ?? [];
  if (document.visibilityState !== 'visible' || !types.includes('paint') || performance.getEntriesByName('first-contentful-paint').length) return go();
  // The first contentful paint, not the first paint (which may be the background alone).
  new PerformanceObserver((list, seen) => {
    if (list.getEntriesByName('first-contentful-paint').length) { seen.disconnect(); go(); }
  }).observe({ type: 'paint', buffered: true });
  // A tab hidden before its first paint reports none; and never wait long.
  addEventListener('visibilitychange', go, { once: true });
  setTimeout(go, 1000);
});
${start}`);

// 0b. The comments of index.html and of the styles inlined into it, and the styles' indentation,
//     are for whoever reads the source: 2.6 KB of the page's 10.6 KB gzip. Scripts stay as they
//     are (their hashes are taken below); the markup's own spacing stays too.
html = html.replace(
  /(<script\b[\s\S]*?<\/script>)|(<style>)([\s\S]*?)(<\/style>)|<!--[\s\S]*?-->/gi,
  (_, script, open, css, close) => {
    if (script) return script;
    if (open) return open + css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s+/gm, '') + close;
    return '';
  },
);

// 1. CSP hashes of the inline scripts.
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
  .map(([, , body]) => body);
if (html.split('INLINE-SCRIPT-HASHES').length !== 2) {
  throw new Error('postbuild: index.html must hold the INLINE-SCRIPT-HASHES placeholder once, in its CSP');
}
if (inline.length === 0) throw new Error('postbuild: index.html has no inline script to hash');
const hashes = inline.map((body) => `'sha256-${sha256(body).digest('base64')}'`);
html = html.replace('INLINE-SCRIPT-HASHES', hashes.join(' '));
await writeFile(indexPath, html);

// 2. The service worker. `copy-dir public` also copies the template and the manifest: only the
// root ones are used.
await rm(join(dir, 'public', 'sw.js'), { force: true });
await rm(join(dir, 'public', 'manifest.webmanifest'), { force: true });
async function walk(folder) {
  const out = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(relative(dir, path).split(sep).join('/'));
  }
  return out;
}
const files = (await walk(dir)).filter((f) => f !== 'sw.js').sort();
const version = sha256('');
for (const file of files) {
  version.update(file);
  version.update(await readFile(join(dir, file)));
}
// trunk's content-hashed names: `postmortem-editor-<hex>_bg.wasm`, `main-<hex>.css`... The hash is
// a u64 written without leading zeros, so it has up to 16 digits, not always 16 (one build in 16
// has 15: `postmortem-editor-efdd295f9f62da2_bg.wasm`).
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/;
const precached = (url) => ({ url, immutable: HASHED.test(url) });
if (!files.some((f) => HASHED.test(f) && f.endsWith('.wasm'))) {
  throw new Error(`postbuild: no content-hashed .wasm found among ${files.join(', ')} (is filehash off in Trunk.toml?)`);
}
const swPath = join(dir, 'sw.js');
const template = await readFile(swPath, 'utf8');
if (!template.includes("'__VERSION__'") || !template.includes('__FILES__')) {
  throw new Error('postbuild: sw.js is not the template (no __VERSION__ / __FILES__)');
}
const sw = template
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__FILES__', JSON.stringify(['./', ...files].map(precached), null, 2));
await writeFile(swPath, sw);
console.log(`postbuild: ${hashes.length} inline script hash(es); ${files.length} files precached`);
