/**
 * Reading consent from a request: a Fetch API `Request` (Deno, Bun, Cloudflare Workers, Hono, Next.js
 * route handlers …) or a Node `IncomingMessage` (`node:http`, Express, Connect, Fastify's `raw`).
 * Both are described by their shape only, so nothing here depends on Node.
 */
import { NECESSARY, type Consent } from '../consent/index.js';
import { resolveOptions, type Resolved, type ServerOptions } from './options.js';
import { parseWith } from './parse.js';
import { categoryOf, grants } from './services.js';

/** A Fetch API `Request`, or anything with a `Headers`-like `headers.get`. */
export interface FetchRequestLike {
  headers: { get(name: string): string | null };
}

/** A Node `IncomingMessage`: header names in lower case, values as strings (or arrays of them). */
export interface IncomingMessageLike {
  headers: Record<string, string | string[] | undefined>;
}

/** A request the server helper can read. */
export type RequestLike = FetchRequestLike | IncomingMessageLike;

/**
 * Reads the visitor's decision from a request's `Cookie` header, like `parseConsent`.
 *
 * When there is no valid decision and the request carries Global Privacy Control (`Sec-GPC: 1`),
 * the result is a refusal of every optional category:
 * `{ categories: { necessary: true }, revision, timestamp: Date.now(), id: '', source: 'gpc' }`
 * (`revision` is `options.revision`, or 0). A valid stored decision wins over the signal, as it
 * does in the element, because the visitor made it with GPC already on or chose it explicitly.
 * With `options.ignoreGpc` (the element's `ignore-gpc`) the signal counts for nothing.
 *
 * Returns `null` when there is no decision, and for anything that is not a request. Never throws.
 */
export function readConsent(req: RequestLike, options?: ServerOptions): Consent | null {
  try {
    return readWith(req, resolveOptions(options));
  } catch {
    return null;
  }
}

/**
 * Whether the category or service `id` is granted: in the decision read from a request (GPC included),
 * or, when given a string, from that `Cookie` header. `'necessary'` is always granted; anything else
 * needs a valid decision that grants it. A service counts as the decision's entry for it; when the
 * decision lists no services at all (a version-1 cookie: the site listed none when the visitor decided),
 * as its category, known from its preset or `options.serviceCategories`; otherwise it is not granted (a
 * service added since the decision waits for the visitor's answer).
 * Never throws; any bad input gives `false`.
 *
 * @example
 * hasConsent(request, 'ga4', { revision: 2 }) // the ga4 entry; from a version-1 cookie, the analytics category
 */
export function hasConsent(
  reqOrCookieHeader: RequestLike | string | null | undefined,
  id: string,
  options?: ServerOptions,
): boolean {
  if (id === NECESSARY) return true;
  if (typeof id !== 'string') return false;
  try {
    const resolved = resolveOptions(options);
    const consent = typeof reqOrCookieHeader === 'string'
      ? parseWith(reqOrCookieHeader, resolved)
      : readWith(reqOrCookieHeader, resolved);
    return grants(consent, id, () => categoryOf(id, options));
  } catch {
    return false;
  }
}

/** `readConsent` with options already checked. May throw on hostile input; callers catch. */
export function readWith(req: unknown, resolved: Resolved): Consent | null {
  if (typeof req !== 'object' || req === null) return null;
  const headers: unknown = (req as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return null;
  const consent = parseWith(header(headers, 'cookie', '; '), resolved);
  if (consent !== null) return consent;
  if (!resolved.gpc || header(headers, 'sec-gpc', ', ')?.trim() !== '1') return null;
  return {
    categories: { [NECESSARY]: true },
    revision: resolved.revision,
    timestamp: Date.now(),
    id: '',
    source: 'gpc',
  };
}

/** One header's value from a `Headers` object or a Node headers record; `null` when absent or odd. */
function header(headers: object, name: string, separator: string): string | null {
  const get: unknown = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : null;
  }
  const value: unknown = (headers as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  // Node joins repeated Cookie headers itself; an array only comes from hand-built or framework objects.
  if (Array.isArray(value)) {
    const parts = value.filter((part): part is string => typeof part === 'string');
    return parts.length === 0 ? null : parts.join(separator);
  }
  return null;
}
