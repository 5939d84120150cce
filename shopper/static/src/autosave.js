// Keeps what a shopper types on this phone until the server has it, so a dropped signal, a
// reload or a locked screen loses nothing. Progressive enhancement: without it, every page
// still works, and the server keeps each page's answers once Continue gets through.
//
// A form opts in with data-app-autosave="<draft id>/<page>". Its fields are saved to
// localStorage as they are typed and put back when the page loads again. They are cleared once
// the server has taken them: the next page loads at another address, or a shop's result page
// names the draft with data-app-autosave-clear="<draft id>".

const PREFIX = 'shopper:draft:'
const PENDING = 'shopper:pending'
const SKIPPED = ['hidden', 'submit', 'button', 'password', 'file', 'reset']

function storage () {
  try {
    return window.localStorage
  } catch (error) {
    return null // Storage switched off: the server still keeps each page once sent.
  }
}

function fields (form) {
  return Array.from(form.elements).filter(
    (field) => field.name && field.tagName !== 'BUTTON' && !SKIPPED.includes(field.type)
  )
}

function read (form) {
  const values = {}
  for (const field of fields(form)) {
    const list = values[field.name] || (values[field.name] = [])
    if (field.type === 'radio' || field.type === 'checkbox') {
      if (field.checked) list.push(field.value)
    } else {
      list.push(field.value) // A date's day, month and year share a name: kept in order.
    }
  }
  return values
}

function write (form, values) {
  const seen = {}
  for (const field of fields(form)) {
    const list = values[field.name]
    if (!list) continue
    if (field.type === 'radio' || field.type === 'checkbox') {
      field.checked = list.includes(field.value)
    } else {
      const index = seen[field.name] || 0
      seen[field.name] = index + 1
      if (index < list.length) field.value = list[index]
    }
  }
}

function clearSaved (store, prefix) {
  for (let index = store.length - 1; index >= 0; index--) {
    const key = store.key(index)
    if (key && key.startsWith(prefix)) store.removeItem(key)
  }
}

function forgetSent (store) {
  // The last form sent: if this page is another one, the server took it.
  const pending = JSON.parse(store.getItem(PENDING) || 'null')
  if (pending && pending.path !== window.location.pathname) {
    store.removeItem(PREFIX + pending.key)
    store.removeItem(PENDING)
  }
  for (const marker of document.querySelectorAll('[data-app-autosave-clear]')) {
    clearSaved(store, PREFIX + marker.getAttribute('data-app-autosave-clear'))
  }
}

function offlineNotice (form) {
  let notice = form.querySelector('.app-offline')
  if (!notice) {
    notice = document.createElement('div')
    notice.className = 'govuk-inset-text app-offline'
    notice.setAttribute('role', 'alert')
    form.insertBefore(notice, form.querySelector('button[type=submit], .govuk-button'))
  }
  notice.textContent = 'You have no signal. Your answers are saved on this phone: ' +
    'press the button again when you are back online.'
}

function watch (store, form) {
  const key = PREFIX + form.getAttribute('data-app-autosave')
  const saved = store.getItem(key)
  if (saved) write(form, JSON.parse(saved))
  const save = () => store.setItem(key, JSON.stringify(read(form)))
  form.addEventListener('input', save)
  form.addEventListener('change', save)
  form.addEventListener('submit', (event) => {
    save()
    if (navigator.onLine === false) {
      event.preventDefault()
      offlineNotice(form)
      return
    }
    store.setItem(PENDING, JSON.stringify({
      key: form.getAttribute('data-app-autosave'),
      path: window.location.pathname
    }))
  })
}

export function initAutosave (root) {
  const store = storage()
  if (!store) return
  try {
    forgetSent(store)
    for (const form of root.querySelectorAll('form[data-app-autosave]')) watch(store, form)
  } catch (error) {
    // A full or broken store must never stop the page working.
  }
}
