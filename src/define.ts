/**
 * Registration only: `define()` defines `<cookie-category>` and `<cookie-consent>`, once per page (two bundles may
 * share one). Where there is no DOM (Node, rendering a page on the server) it does nothing, so importing
 * the package there is safe. The classes live in src/element/ and register nothing themselves.
 */
import { CookieConsent } from './element/cookie-consent.js';
import { CookieCategory } from './element/cookie-category.js';

/** Defines both elements, unless already defined; in Node, nothing. @internal */
export function define(): void {
  // HTMLElement, not customElements: in Node, Lit's server build provides a stand-in registry, but no DOM.
  if (globalThis.HTMLElement) {
    if (!customElements.get('cookie-category')) customElements.define('cookie-category', CookieCategory);
    if (!customElements.get('cookie-consent')) customElements.define('cookie-consent', CookieConsent);
  }
}
