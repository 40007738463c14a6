import { CATEGORY_ID } from '../consent/index.js';
import { IDS } from './config.js';
import { warn } from '../warn.js';

// Where there is no DOM (Node, rendering a page on the server) the class still loads, on no base, and is
// never defined (src/define.ts), as GitHub's elements do.
const HTMLElement = (globalThis.HTMLElement ?? null) as typeof globalThis.HTMLElement;

/**
 * @summary Details of one optional category, as a child of `<cookie-consent>`. Renders nothing:
 * `<cookie-consent>` reads it when it shows the preferences dialog.
 *
 * Its text content is the category's description.
 *
 * @attr name - The category id, as listed in `<cookie-consent categories>`.
 * @attr label - The visitor-facing name of the category (default: the built-in label, else the id).
 * @attr cookies - Cookie names deleted when the category is refused or revoked, separated by spaces or
 *   commas; a trailing `*` matches every name with that prefix (`_ga*`).
 */
export class CookieCategory extends HTMLElement {
  connectedCallback(): void {
    // Its details would silently belong to no category (CONTRACT section 2: an empty id is reported).
    if (!CATEGORY_ID.test(this.name)) warn(`<cookie-category>: ignoring name "${this.name}"; expected ${IDS}.`);
  }

  /** The category id. */
  get name(): string {
    return this.getAttribute('name') ?? '';
  }
  // Settable, as frameworks (Vue, React 19) set a property where the element has one: a getter alone lost the name.
  set name(value: string) {
    this.setAttribute('name', value);
  }

  /** The visitor-facing label, or `''` for the built-in one. */
  get label(): string {
    return this.getAttribute('label') ?? '';
  }
  set label(value: string) {
    this.setAttribute('label', value);
  }

  /** Cookie name patterns (`name` or `prefix*`). */
  get cookies(): string[] {
    return (this.getAttribute('cookies') ?? '').split(/[\s,]+/).filter(Boolean);
  }
  set cookies(value: string | readonly string[]) {
    this.setAttribute('cookies', String(value));
  }

  /** The description: the text content, whitespace collapsed. */
  get description(): string {
    return (this.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cookie-category': CookieCategory;
  }
}
