import { initAll } from './govuk-frontend.min.js'
import { initAutosave } from './autosave.js'
import { initOutbox } from './outbox.js'

// Answers kept on the phone go back into the fields first, so conditional questions open to match.
initAutosave(document)
initAll()
// Shops submitted without signal are sent from whichever Shopper page opens next.
initOutbox(document)
