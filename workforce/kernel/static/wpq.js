// Starts the GOV.UK Frontend components on every page.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()

// A table wider than the screen scrolls inside its container: only then is the container a tab stop, so
// that keyboard users can scroll it (WCAG 2.1.1) without adding tab stops that do nothing elsewhere.
function keyboardScrolling () {
  for (const container of document.querySelectorAll('.wpq-table-scroll')) {
    if (container.scrollWidth > container.clientWidth + 1) {
      container.setAttribute('tabindex', '0')
      if (!container.hasAttribute('role')) {
        container.setAttribute('role', 'region')
        container.setAttribute('aria-label', container.querySelector('caption')?.textContent.trim() || 'Table')
      }
    } else {
      container.removeAttribute('tabindex')
    }
  }
}
keyboardScrolling()
// Widths settle once the fonts and the rest of the page have loaded: look again then, and on resizing.
window.addEventListener('load', keyboardScrolling)
document.fonts?.ready.then(keyboardScrolling)
window.addEventListener('resize', keyboardScrolling)
