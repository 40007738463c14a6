/**
 * The ES module entry: importing it defines `<cookie-consent>` and `<cookie-category>` (src/define.ts;
 * in Node, where there is no DOM, it defines nothing and does not throw).
 *
 *   <script type="module" src="/cookie-consent.js"></script>
 *   <cookie-consent categories="analytics marketing" policy-url="/privacy"></cookie-consent>
 *
 * The view (banner, dialog, placeholders) is `import()`ed from `./cookie-consent-view.js` only when
 * something must be shown, the receipt sender from `./cookie-consent-receipts.js` only when there is a
 * receipt to send, the release of embeds from `./cookie-consent-embeds.js` only on a page that tags one, the
 * services' configuration from `./cookie-consent-services.js` only on a page with a `<cookie-service>`: a
 * bundler that builds the site splits each into a chunk of its own.
 */
import { define } from './define.js';
import { setParts } from './element/parts.js';

const parts = { view: () => import('./view/index.js'), receipts: () => import('./signals/receipts-sender.js'), embeds: () => import('./release/embeds.js'), services: () => import('./element/services.js') };
setParts((name) => parts[name]() as never);
define();

export { CookieConsent, type ConsentChangeDetail, type ConsentReadyDetail } from './element/cookie-consent.js';
export { CookieCategory } from './element/cookie-category.js';
export type { Consent, ConsentSource } from './consent/record.js';
export type { Texts, PartialTexts } from './view/texts/texts.js';
// Supplying a language (or rewording one) from a site's own bundle instead of fetching lang/<code>.json.
export { registerTexts } from './element/register-texts.js';
