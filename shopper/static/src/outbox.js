// Keeps a shop submitted without signal on this phone, and sends it by itself once the signal
// is back: while any Shopper page is open, or the next time one opens. Progressive enhancement:
// without JavaScript the Submit button posts the form as before.
//
// The check page's form opts in with data-app-outbox="<client id>". Submitting it writes the
// shop to the outbox first, then sends the form as usual; the shop's page names its client id
// with data-app-autosave-clear, which empties its place in the outbox. A shop whose sending
// never arrived (no signal, the browser's own error page, a locked phone, a closed browser)
// stays in the outbox until a later page sends it. Sending it twice is safe: the server keeps
// one shop per client id and content (the form's fingerprint).
//
// What the outbox keeps is the address of the check page and the form's hidden fields (the
// content's fingerprint, not the answers: the server already holds every page of the draft).

const OUTBOX = 'shopper:outbox'
const SHOP_PAGE = /\/record\/shops\/\d+$/

function storage () {
  try {
    return window.localStorage
  } catch (error) {
    return null
  }
}

function load (store) {
  try {
    return JSON.parse(store.getItem(OUTBOX) || '[]')
  } catch (error) {
    return []
  }
}

function keep (store, entries) {
  if (entries.length) store.setItem(OUTBOX, JSON.stringify(entries))
  else store.removeItem(OUTBOX)
}

function without (store, id) {
  keep(store, load(store).filter((entry) => entry.id !== id))
}

// The page's live region (layout.html) says what happened to the shops kept on this phone.
function announce (parts) {
  const region = document.getElementById('app-outbox')
  if (!region) return
  const box = document.createElement('div')
  box.className = 'govuk-inset-text app-outbox__notice'
  for (const part of parts) {
    const paragraph = document.createElement('p')
    paragraph.className = 'govuk-body'
    if (part.href) {
      const link = document.createElement('a')
      link.className = 'govuk-link'
      link.href = part.href
      link.textContent = part.text
      paragraph.appendChild(link)
    } else {
      paragraph.textContent = part.text
    }
    box.appendChild(paragraph)
  }
  region.replaceChildren(box)
}

function savedOn (entry) {
  if (!entry.savedAt) return ''
  const at = new Date(entry.savedAt)
  const day = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long' })
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  return `, saved on this phone on ${day} at ${time}`
}

// On the offline page (public/offline.html): how many shops are kept on this phone, one a line.
function listWaiting (list, entries) {
  const paragraph = document.createElement('p')
  paragraph.className = 'govuk-body'
  paragraph.textContent = entries.length
    ? `Shops saved on this phone: ${entries.length}. They will be sent when there is signal ` +
      'and Shopper is open.'
    : 'No shops are waiting on this phone.'
  const bullets = document.createElement('ul')
  bullets.className = 'govuk-list govuk-list--bullet'
  for (const entry of entries) {
    const line = document.createElement('li')
    line.textContent = `Your ${entry.channel}${savedOn(entry)}`
    bullets.appendChild(line)
  }
  list.replaceChildren(paragraph, ...(entries.length ? [bullets] : []))
}

function announceWaiting (entries) {
  const list = document.querySelector('[data-app-offline-shops]')
  if (list) return listWaiting(list, entries)
  if (!entries.length) return
  const what = entries.length === 1 ? `Your ${entries[0].channel}` : `${entries.length} shops`
  announce([
    { text: `Saved on this phone, will be sent. ${what} will be sent as soon as you have ` +
      'signal with Shopper open. Nothing is lost if you lock your phone or close this page.' }
  ])
}

function freshToken (html) {
  const page = new DOMParser().parseFromString(html, 'text/html')
  const field = page.querySelector('input[name=csrf_token]')
  return field ? field.value : null
}

// Send one shop: a fresh page first, for a CSRF token that has not expired while offline.
async function send (entry) {
  const page = await fetch(entry.url, { credentials: 'same-origin' })
  if (SHOP_PAGE.test(new URL(page.url).pathname)) return { sent: true, url: page.url }
  if (!page.ok || !new URL(page.url).pathname.startsWith('/record/')) return { later: true }
  const body = new URLSearchParams(entry.fields)
  const token = freshToken(await page.text())
  if (token) body.set('csrf_token', token)
  const response = await fetch(entry.url, { method: 'POST', body, credentials: 'same-origin' })
  return { sent: SHOP_PAGE.test(new URL(response.url).pathname), url: response.url }
}

let sending = false

export async function flush () {
  const store = storage()
  if (!store || sending || navigator.onLine === false) return
  sending = true
  try {
    for (const entry of load(store)) {
      let result
      try {
        result = await send(entry)
      } catch (error) {
        break // Still no signal: the entry waits for the next chance.
      }
      if (result.later) {
        announce([{ text: `Saved on this phone, will be sent. Sign in to send your ${entry.channel}.` }])
        break
      }
      without(store, entry.id)
      announce(result.sent
        ? [{ text: `Your ${entry.channel} saved on this phone has been sent.` },
            { text: `See your ${entry.channel}'s result`, href: result.url }]
        : [{ text: `Your ${entry.channel} saved on this phone was not sent: your answers ` +
            'need checking.' },
          { text: 'Check your answers and submit again', href: entry.url }])
    }
  } finally {
    sending = false
  }
  announceWaiting(load(store))
}

function hold (store, form) {
  const fields = Array.from(new FormData(form).entries())
    .filter(([, value]) => typeof value === 'string')
  const entry = {
    id: form.getAttribute('data-app-outbox'),
    channel: form.getAttribute('data-app-outbox-channel') || 'shop',
    url: window.location.pathname + window.location.search,
    savedAt: new Date().toISOString(),
    fields
  }
  keep(store, [...load(store).filter((other) => other.id !== entry.id), entry])
}

function watch (store, form) {
  form.addEventListener('submit', (event) => {
    try {
      hold(store, form)
    } catch (error) {
      return // A full store: the form still goes as it would without JavaScript.
    }
    if (navigator.onLine === false) {
      event.preventDefault()
      announceWaiting(load(store))
    }
  })
}

export function initOutbox (root) {
  const store = storage()
  if (!store) return
  try {
    for (const marker of root.querySelectorAll('[data-app-autosave-clear]')) {
      without(store, marker.getAttribute('data-app-autosave-clear'))
    }
    for (const form of root.querySelectorAll('form[data-app-outbox]')) watch(store, form)
    announceWaiting(load(store))
  } catch (error) {
    return // A broken store must never stop the page working.
  }
  window.addEventListener('online', flush)
  flush()
}
