// The service worker: keeps the built app in a cache so that it loads with the network off.
// This file is a template: the post-build step (tools/postbuild.mjs) fills in VERSION (a hash of
// every built file) and FILES (every built file, relative to this worker), so each build gets
// its own cache and the old ones are deleted when it activates. Same-origin GET requests are
// answered from the cache first; nothing is ever fetched from another origin.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PREFIX = 'postmortem-editor-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })));
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
          const page = await cache.match('./');
          if (page) return page;
        }
        throw error;
      }
    })(),
  );
});
