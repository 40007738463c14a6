/**
 * `cookie-consent-element/server`: reads the consent cookie that `<cookie-consent>` writes.
 *
 * No dependencies and no Node-only APIs (requests are described by their shape), so it runs on
 * Node ≥ 20, Deno, Bun and edge runtimes. The cookie is read by the same codec and validity rules
 * as the element (`src/consent/`), so the page and the server always agree. Nothing here throws.
 */
export type { Consent, ConsentSource } from '../consent/index.js';
export type { ServerOptions } from './options.js';
export type { FetchRequestLike, IncomingMessageLike, RequestLike } from './request.js';
export type { RequestWithConsent } from './middleware.js';
export { parseConsent } from './parse.js';
export { readConsent, hasConsent } from './request.js';
export { consentMiddleware } from './middleware.js';
