/** `cookie-consent-element/server`. Stub: filled in by the server work. */
export type { Consent, ConsentSource } from '../consent/index.js';
export { parseConsent } from './parse.js';
