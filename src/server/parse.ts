/** Reading the consent cookie from a `Cookie` header: the codec and the validity rules of `src/consent/`. */
import { findConsent, readLists, type Consent } from '../consent/index.js';
import { resolveOptions, type Resolved, type ServerOptions } from './options.js';
import { rememberLists } from './recent-lists.js';

/** One memory for every request of this process. */
const lists = rememberLists(readLists);

/**
 * Reads the visitor's decision from a `Cookie` request header.
 *
 * Returns `null` when there is no consent cookie, when it is malformed, or when it is not current
 * under `options` (another `revision`, older than `expiresDays`). When the cookie occurs more than
 * once, the well-formed copy with the newest timestamp is the decision (the first on a tie), and the
 * options judge that one: an older copy never stands in for it. Never throws, whatever the input.
 *
 * @example
 * parseConsent(request.headers.get('cookie'), { revision: 2 })?.categories.analytics === true
 */
export function parseConsent(cookieHeader: string | null | undefined, options?: ServerOptions): Consent | null {
  try {
    return parseWith(cookieHeader, resolveOptions(options));
  } catch {
    return null;
  }
}

/** `parseConsent` with options already checked (the middleware checks them once, not per request). */
export function parseWith(cookieHeader: unknown, { name, accept }: Resolved): Consent | null {
  return typeof cookieHeader === 'string' ? findConsent(cookieHeader, name, accept, lists) : null;
}
