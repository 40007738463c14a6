/**
 * The single-file build (`dist/cookie-consent.all.iife.js`): the classic one-tag script with the view
 * inside, for sites that can host only one file (a CMS that inlines a script). It works like
 * `cookie-consent.iife.js` but never loads `cookie-consent-view.js` (nor its `cookie-consent-view-services.js`) nor `cookie-consent-receipts.js`; translations still come from `lang/`
 * beside it when a visitor needs one (or from `registerTexts()`).
 */
import './bundled-parts.js';
import './iife.js';
