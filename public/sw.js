// The service worker: keeps the built app in a cache so that it loads with the network off.
// This file is a template: the post-build step (tools/postbuild.mjs) fills in VERSION (a hash of
// every built file) and FILES (every built file, relative to this worker; `immutable` for the
// files whose names carry a hash of their content), so each build gets its own cache and the old
// ones are deleted when it activates. Same-origin GET requests are answered from the cache first;
// nothing is ever fetched from another origin.
//
// A first visit downloads each file once: the page registers this worker only once it is idle
// (src/ui/offline.rs), by then the page has loaded the wasm, script and styles, and the precache
// takes them from the browser's HTTP cache (a content-hashed name never changes content); the
// other files (the page, the manifest, icons) are revalidated, which costs a 304 when the page
// already has them.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PREFIX = 'postmortem-editor-';
const CACHE = PREFIX + VERSION;
// The app's page is one file under two names: fetched once, kept under both.
const PAGE = './';
const PAGE_ALIAS = 'index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        FILES.filter((file) => file.url !== PAGE_ALIAS).map(async ({ url, immutable }) => {
          const response = await fetch(new Request(url, { cache: immutable ? 'default' : 'no-cache' }));
          if (!response.ok) throw new Error(`precache: ${url}: HTTP ${response.status}`);
          if (url === PAGE) await cache.put(PAGE_ALIAS, response.clone());
          await cache.put(url, response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (error) {
        // Offline, and a page of the app that is not cached under its own URL: the app's page.
        if (request.mode === 'navigate') {
          const page = await cache.match(PAGE);
          if (page) return page;
        }
        throw error;
      }
    })(),
  );
});
