import { initAll } from './govuk-frontend.min.js'

initAll()

// GOV.UK Frontend marks a radio that reveals a conditional question with aria-expanded,
// which ARIA does not allow on a radio (axe-core: aria-allowed-attr). The reveal itself
// follows the radio and is tied to it by aria-controls, so the attribute is taken off
// once GOV.UK Frontend has set it, on every click (arrow keys click a radio too).
const radios = 'input.govuk-radios__input[aria-expanded]'
const stripExpanded = () => {
  document.querySelectorAll(radios).forEach(($input) => $input.removeAttribute('aria-expanded'))
}
stripExpanded()
document.addEventListener('click', stripExpanded)
window.addEventListener('pageshow', stripExpanded)
