// Shopper's service worker: when a page cannot open for want of signal, it shows Shopper's own
// offline page, which lists the shops kept on this phone (outbox.js), not the browser's.
//
// It keeps only what holds no one's data: the offline page, fetched signed out, and the built
// CSS, JavaScript and icon. Pages are always fetched from the network, and never kept; nothing
// but a GET is ever answered from the cache. The cache's name changes with every built file and
// with the offline page, and older caches are deleted once this worker takes over.
const CACHE = 'shopper-offline-{{ version }}'
const OFFLINE_PAGE = {{ offline_page | tojson }}
const FILES = {{ files | tojson }}

self.addEventListener('install', (event) => {
  const requests = [OFFLINE_PAGE, ...FILES].map((url) => new Request(url, { credentials: 'omit' }))
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests))
    .then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('shopper-') && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.mode === 'navigate') {
    // A form sent without signal (a POST) gets the offline page too; its answer is never kept.
    event.respondWith(fetch(request).catch(() => caches.open(CACHE)
      .then((cache) => cache.match(OFFLINE_PAGE, { ignoreVary: true }))
      .then((page) => page || Response.error())))
    return
  }
  const url = new URL(request.url)
  if (request.method === 'GET' && url.origin === self.location.origin && FILES.includes(url.pathname)) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then((kept) => kept || fetch(request)))
  }
})
