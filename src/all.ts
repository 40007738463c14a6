/**
 * The single-file build (`dist/cookie-consent.all.iife.js`): the classic one-tag script with the view and
 * every part inside, for sites that can host only one file (a CMS that inlines a script). It works like
 * `cookie-consent.iife.js` but never loads another `cookie-consent-*.js` (view, its service switches,
 * receipts, embeds, services); translations still come from `lang/` beside it when a visitor needs one (or
 * from `registerTexts()`), the presets' texts and cookie lists from `presets/`.
 */
import './bundled-parts.js';
import './iife.js';
