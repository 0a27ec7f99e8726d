// Offline: after one visit the app loads and works with the network off (service worker), every
// request stays on 127.0.0.1, and the Content-Security-Policy blocks and reports anything else.
import { test as base } from '@playwright/test';
import { resolve } from 'node:path';
import { test, expect } from '../fixtures/editor';
// The benchmark's server: gzip, content-hashed files cached as a static host would, and a log of
// every response it sends (tests/e2e/serve.mjs never lets the browser cache anything).
import { serveGzip } from '../bench/gzip-server.mjs';

test('after one visit the app loads, edits and saves with the network off', async ({ editor, page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await editor.open();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await editor.field('Title').fill('Written online');
  await expect(editor.saveState).toHaveText('Saved in this browser');

  await context.setOffline(true);
  await editor.reload();
  await expect(editor.field('Title')).toHaveValue('Written online');
  await editor.field('Summary').fill('Edited **offline**.');
  await expect(editor.preview.getByText('offline', { exact: true })).toHaveJSProperty('tagName', 'STRONG');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await editor.reload();
  await expect(editor.field('Summary')).toHaveValue('Edited **offline**.');
  await expect(editor.preview.getByRole('heading', { level: 1 })).toHaveText('Written online');

  // A new draft and the drafts panel work offline too.
  await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  await page.getByRole('button', { name: 'New blank draft' }).click();
  await expect(editor.field('Title')).toHaveValue('');
  await context.setOffline(false);

  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});

test('the service worker precaches this build and keeps one cache', async ({ editor, page }) => {
  await editor.open();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const { keys, cached, manifest } = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    const cached = (await cache.keys()).map((r) => new URL(r.url).pathname);
    const manifest = await (await fetch('manifest.webmanifest')).json();
    return { keys, cached, manifest };
  });
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^postmortem-editor-[0-9a-f]{16}$/);
  expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(cached.some((p) => p.endsWith('.js'))).toBe(true);
  expect(cached.some((p) => p.endsWith('index.html'))).toBe(true);
  expect(manifest.start_url).toBe('./');
  expect(manifest.icons.length).toBeGreaterThan(0);
});

test('a first visit downloads each file once, and the worker waits until the editor is ready', async ({ browser }) => {
  const server = await serveGzip(resolve(process.env.DIST ?? '../../dist'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await expect(page.getByLabel('Title', { exact: true })).toBeEditable();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cached = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    const sent: { path: string; status: number; body: number }[] = server.sent();
    const bodies = new Map<string, number>();
    for (const r of sent) if (r.status === 200) bodies.set(r.path, (bodies.get(r.path) ?? 0) + 1);
    // Everything the worker keeps came over the wire exactly once.
    expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect([...bodies].filter(([, n]) => n > 1)).toEqual([]);
    for (const path of cached) {
      expect(bodies.get(path === '/index.html' ? '/' : path), path).toBe(1);
    }
    // The worker is fetched only after the page's own files.
    const order = sent.map((r) => r.path);
    const worker = order.indexOf('/sw.js');
    expect(worker).toBeGreaterThan(order.findIndex((p) => p.endsWith('.wasm')));
    expect(worker).toBeGreaterThan(order.findIndex((p) => p.endsWith('.js') && p !== '/sw.js'));
    // The styles come inside the page: no stylesheet request holds up the first paint.
    expect(order.filter((p) => p.endsWith('.css'))).toEqual([]);
  } finally {
    await context.close();
    await server.stop();
  }
});

// Not the editor fixture: this test makes a foreign request on purpose, to see it blocked.
base('the Content-Security-Policy blocks and reports foreign requests and injected scripts', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const reached: string[] = [];
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).origin !== origin) reached.push(r.url());
  });
  await page.goto('./');
  await expect(page.getByLabel('Title', { exact: true })).toBeEditable();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);

  const injected = await page.evaluate(async () => {
    const w = window as any;
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
    await fetch('http://localhost:9/collect').catch(() => undefined);
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    const img = new Image();
    img.src = 'http://localhost:9/pixel.png';
    document.body.append(img);
    return w.__injected === true;
  });
  const violations = () =>
    page.evaluate(() => (window as any).__violations as { directive: string; blocked: string }[]);
  await expect
    .poll(async () => (await violations()).map((v) => v.directive).sort())
    .toEqual(['connect-src', 'img-src', 'script-src-elem']);
  expect(injected).toBe(false);
  expect((await violations()).find((v) => v.directive === 'connect-src')!.blocked).toContain('localhost:9');
  expect(reached).toEqual([]);
});
