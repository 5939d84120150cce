import { initAll } from './govuk-frontend.min.js'
import { initAutosave } from './autosave.js'
import { initOutbox } from './outbox.js'

// Answers kept on the phone go back into the fields first, so conditional questions open to match.
initAutosave(document)
initAll()
// Shops submitted without signal are sent from whichever Shopper page opens next.
initOutbox(document)
// Shopper's own offline page, not the browser's, when a page cannot open without signal: a
// service worker from the site's root, where the browser has them (public/service_worker.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/service-worker.js').catch(() => {})
}
