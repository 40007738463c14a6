/**
 * Registration only: `define()` defines `<cookie-category>` and `<cookie-consent>`, once per page (two bundles may
 * share one). Where there is no DOM (Node, rendering a page on the server) it does nothing, so importing
 * the package there is safe. The classes live in src/element/ and register nothing themselves.
 */
import { CookieConsent } from './element/cookie-consent.js';
import { CookieCategory } from './element/cookie-category.js';
import { warn } from './warn.js';

/** Marks this widget's class, in every bundle of it: another copy of the widget may define the element first. */
const OURS = Symbol.for('cookie-consent-element');

/**
 * Defines both elements, unless already defined; in Node, nothing. An element of that name that another
 * script defined (another consent library) leaves this widget without its element: the console says so. @internal
 */
export function define(): void {
  // HTMLElement, not customElements: in Node, Lit's server build provides a stand-in registry, but no DOM.
  if (globalThis.HTMLElement) {
    if (!customElements.get('cookie-category')) customElements.define('cookie-category', CookieCategory);
    const defined = customElements.get('cookie-consent');
    if (!defined) {
      (CookieConsent as unknown as Record<symbol, number>)[OURS] = 1;
      customElements.define('cookie-consent', CookieConsent);
    } else if (!(OURS in defined)) warn('<cookie-consent>: another script defined <cookie-consent> first: this widget does not start (no banner; nothing tagged is released)');
  }
}
