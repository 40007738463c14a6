/**
 * The ES module entry: importing it defines `<cookie-consent>` and `<cookie-category>` (src/define.ts;
 * in Node, where there is no DOM, it defines nothing and does not throw).
 *
 *   <script type="module" src="/cookie-consent.js"></script>
 *   <cookie-consent categories="analytics marketing" policy-url="/privacy"></cookie-consent>
 */
import { define } from './define.js';

define();

export { CookieConsent, type ConsentChangeDetail, type ConsentReadyDetail } from './element/cookie-consent.js';
export { CookieCategory } from './element/cookie-category.js';
export type { ConsentHost } from './element/host.js';
export type { Texts } from './element/texts/texts.js';
export type { Consent, ConsentSource } from './consent/record.js';
// Supplying a language (or rewording one) from a site's own bundle instead of fetching lang/<code>.json.
export { registerTexts, type PartialTexts } from './element/texts/load.js';
