/**
 * The cookie guard (CONTRACT section 9): drops, from a response, the `Set-Cookie` headers of cookies
 * that the request's decision does not allow, so that a server cannot set a tracking cookie the visitor
 * refused. What is kept and dropped is decided in guard-rules.ts; here the two ways a response carries
 * its headers: a Node `ServerResponse` (node:http, Express, Connect), whose headers are set by several
 * methods until the head is written, and a Fetch `Response`, whose headers are final. Both are
 * described by their shape only, so nothing here depends on Node.
 */
import type { Consent } from '../consent/index.js';
import { compileRules, keptCookies, type GuardOptions, type Rules } from './guard-rules.js';
import type { Resolved } from './options.js';
import { readWith, type FetchRequestLike, type IncomingMessageLike } from './request.js';

export type { GuardOptions } from './guard-rules.js';

/** The parts of a Node `ServerResponse` the guard wraps; each is optional, and missing ones stay missing. */
interface ResponseLike {
  setHeader?: (this: ResponseLike, name: string, value: unknown) => unknown;
  appendHeader?: (this: ResponseLike, name: string, value: unknown) => unknown;
  writeHead?: (this: ResponseLike, ...args: unknown[]) => unknown;
  getHeader?: (this: ResponseLike, name: string) => unknown;
  removeHeader?: (this: ResponseLike, name: string) => unknown;
}

/**
 * Returns an Express/Connect `(req, res, next)` middleware that drops, from the response, every
 * `Set-Cookie` of a cookie whose category or service the request's decision does not grant: without
 * a decision nothing optional is granted (opt-in), and `Sec-GPC: 1` reads as a refusal, as in
 * `readConsent`. The consent cookie, `necessary` cookies, cookies that no option names and
 * `Set-Cookie`s that delete a cookie always pass. Each dropped name is reported once with `console.warn`.
 *
 * It catches every way a Node response sets headers — `res.setHeader`, `res.appendHeader`,
 * `res.writeHead(status, headers)` (an object or a raw array), Express's `res.cookie()` — whenever they
 * run before the head is sent. The options are checked once, here. Never calls `next` with an error.
 *
 * @example
 * app.use(cookieGuard({ revision: 2, presets: ['ga4'], categories: { analytics: ['visits'] } }));
 */
export function cookieGuard(
  options?: GuardOptions,
): (req: IncomingMessageLike, res: unknown, next: (error?: unknown) => void) => void {
  const rules = compileSafely(options);
  return function cookieGuard(req, res, next) {
    try {
      if (guards(rules) && typeof res === 'object' && res !== null) watch(res as ResponseLike, once(req, rules.resolved), rules);
    } catch {
      // A response object that cannot be wrapped (frozen, hostile) is sent as it is.
    }
    // Outside the try block: an error thrown by the next handler is the app's, not ours to swallow.
    if (typeof next === 'function') next();
  };
}

/**
 * The Fetch API guard (Cloudflare Workers, Deno, Bun, Hono, Next.js route handlers): returns
 * `response` without the `Set-Cookie` headers that `cookieGuard` would drop, as a new `Response`
 * with the same status, status text, other headers and body (streamed, not read). A response with
 * nothing to drop is returned as it is. Immutable headers (a `fetch()` result) are no obstacle.
 * Options are compiled once per options object: pass the same object on every request.
 * Never throws; anything that is not a response is returned unchanged.
 *
 * @example
 * const options = { presets: ['ga4'], categories: { analytics: ['visits'] } };
 * export default { fetch: async (request) => guardResponse(request, await app(request), options) };
 */
export function guardResponse(request: FetchRequestLike, response: Response, options?: GuardOptions): Response {
  try {
    const rules = rulesFor(options);
    const headers = response.headers;
    if (!guards(rules) || typeof headers !== 'object' || headers === null) return response;
    const cookies = setCookies(headers);
    if (cookies.length === 0) return response;
    const kept = keptCookies(cookies, rules, once(request, rules.resolved));
    if (kept === cookies) return response;
    const filtered = new Headers(headers);
    filtered.delete('set-cookie');
    for (const cookie of kept) filtered.append('set-cookie', cookie);
    try {
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers: filtered });
    } catch {
      // A status the constructor refuses (101 with a WebSocket on Workers): change the headers in place.
      headers.delete('set-cookie');
      for (const cookie of kept) headers.append('set-cookie', cookie);
      return response;
    }
  } catch {
    return response;
  }
}

const compiled = new WeakMap<object, Rules>();
let unconfigured: Rules | undefined;

function rulesFor(options: unknown): Rules {
  if (typeof options !== 'object' || options === null) return (unconfigured ??= compileSafely(undefined));
  let rules = compiled.get(options);
  if (rules === undefined) compiled.set(options, (rules = compileSafely(options)));
  return rules;
}

function compileSafely(options: unknown): Rules {
  try {
    return compileRules(options);
  } catch {
    return compileRules(undefined); // hostile options (a throwing proxy): nothing to guard
  }
}

/** Whether the options name any cookie at all: without one, the guard has nothing to do. */
const guards = (rules: Rules) => rules.exact.size > 0 || rules.prefixes.length > 0;

/** The request's decision, read the first time a cookie needs it, then remembered. */
function once(request: unknown, resolved: Resolved): () => Consent | null {
  let consent: Consent | null | undefined;
  return () => {
    if (consent === undefined) {
      try {
        consent = readWith(request, resolved);
      } catch {
        consent = null; // a request that cannot be read has no decision: nothing optional passes
      }
    }
    return consent;
  };
}

/** The `Set-Cookie` values of a `Headers` object, each on its own. */
function setCookies(headers: Headers): readonly string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  // Runtimes before getSetCookie() join them with `, `, which `Expires` dates contain too: split only
  // where a `name=` follows.
  const joined = headers.get('set-cookie');
  return joined === null ? [] : joined.split(/,\s*(?=[^;,\s=]+=)/);
}

const isSetCookie = (name: unknown) => typeof name === 'string' && name.toLowerCase() === 'set-cookie';

/**
 * Filters `Set-Cookie` in `res.setHeader` and `res.appendHeader`, and, when the head is written
 * (`res.writeHead`, which Node also calls for an implicit head), once more in what is stored (a
 * header set by a method that bypassed these) and in the headers given to it.
 */
function watch(res: ResponseLike, decision: () => Consent | null, rules: Rules): void {
  const { setHeader, appendHeader, writeHead } = res;
  const keep = (value: unknown): unknown => {
    if (typeof value === 'string') return keptCookies([value], rules, decision)[0];
    if (!Array.isArray(value)) return value;
    const kept = keptCookies(value as string[], rules, decision);
    return kept.length === 0 ? undefined : kept;
  };
  if (typeof setHeader === 'function') {
    res.setHeader = function guardedSetHeader(name, value) {
      if (!isSetCookie(name)) return setHeader.call(this, name, value);
      const kept = keep(value);
      if (kept !== undefined) return setHeader.call(this, name, kept);
      // setHeader replaces: replacing with nothing is removing.
      this.removeHeader?.(name);
      return this;
    };
  }
  if (typeof appendHeader === 'function') {
    res.appendHeader = function guardedAppendHeader(name, value) {
      const kept = isSetCookie(name) ? keep(value) : value;
      return kept === undefined ? this : appendHeader.call(this, name, kept);
    };
  }
  if (typeof writeHead === 'function') {
    res.writeHead = function guardedWriteHead(...args) {
      try {
        const stored = this.getHeader?.('set-cookie');
        if (stored !== undefined) {
          const kept = keep(stored);
          if (kept === undefined) this.removeHeader?.('set-cookie');
          else if (kept !== stored && setHeader) setHeader.call(this, 'set-cookie', kept);
        }
        const last = args.length - 1;
        if (last > 0 && typeof args[last] === 'object' && args[last] !== null) args[last] = headersKept(args[last] as object, keep);
      } catch {
        // Headers the guard cannot read are written as given.
      }
      return writeHead.apply(this, args);
    };
  }
}

/**
 * `writeHead`'s headers with `Set-Cookie` filtered, as a copy (the caller's object may be reused):
 * an object of name to value, a raw array `[name, value, name, value, …]`, or `[[name, value], …]`.
 */
function headersKept(headers: object, keep: (value: unknown) => unknown): object {
  if (Array.isArray(headers)) {
    const list = headers as unknown[];
    if (Array.isArray(list[0])) {
      return (list as unknown[][]).flatMap((pair) => {
        if (!isSetCookie(pair[0])) return [pair];
        const kept = keep(pair[1]);
        return kept === undefined ? [] : [[pair[0], kept]];
      });
    }
    const copy: unknown[] = [];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const kept = isSetCookie(list[i]) ? keep(list[i + 1]) : list[i + 1];
      if (kept !== undefined) copy.push(list[i], kept);
    }
    if (list.length % 2 === 1) copy.push(list[list.length - 1]); // left for Node to refuse, as it would
    return copy;
  }
  const copy: Record<string, unknown> = { ...headers };
  for (const name of Object.keys(copy)) {
    if (!isSetCookie(name)) continue;
    const kept = keep(copy[name]);
    if (kept === undefined) delete copy[name];
    else copy[name] = kept;
  }
  return copy;
}
