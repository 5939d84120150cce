import { initAll } from './govuk-frontend.min.js'
import { initAutosave } from './autosave.js'

// Answers kept on the phone go back into the fields first, so conditional questions open to match.
initAutosave(document)
initAll()
