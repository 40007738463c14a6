/**
 * Receiving receipts: one check-and-store step, and two adapters for it, a Node `(req, res, next)`
 * middleware (`node:http`, Express, Connect) and a Fetch handler `(Request) => Promise<Response>`
 * (Deno, Bun, Cloudflare Workers, Hono, Next.js route handlers). Requests are described by their shape,
 * so nothing here depends on Node.
 *
 * Order of the checks: cheapest and most telling first, and the body is read only for a same-site
 * client that is within its rate.
 *   204 a CORS preflight from a listed origin · 405 not a POST · 403 Origin missing or from another site · 429 over the rate ·
 *   415 not JSON · 413 body over `maxBytes` · 408 the body did not arrive within `bodyTimeoutMs` · 400 not a valid receipt (or its `origin` is not the
 *   request's) · 503 the store failed or did not answer within `storeTimeoutMs` (the browser keeps the
 *   receipt and retries; the server logs it) · 201 stored · 200 already stored (a resend of the same decision)
 */
import { warn } from '../options.js';
import { checkReceiptBody, toReceipt } from './receipt.js';
import type { ReceiptStore } from './store.js';

export interface ReceiptHandlerOptions {
  /** Where accepted receipts go (`sqliteReceiptStore`, `postgresReceiptStore`, or your own). */
  store: ReceiptStore;
  /** Largest body accepted, in bytes (default 4096; a receipt with ten categories is ~600). */
  maxBytes?: number;
  /**
   * Origins allowed besides the request's own host (`https://www.example.com`), e.g. when a proxy
   * rewrites `Host`, or for the site's other subdomains (those get CORS answers: a preflight, and
   * `Access-Control-Allow-Origin`).
   */
  origins?: readonly string[];
  /** Receipts accepted per client address and window (default 30 per minute); `false` turns it off. Applies only where the client's address is known. */
  rateLimit?: { max: number; windowMs: number } | false;
  /**
   * What to keep of the client's address with each receipt. Default `'none'`: nothing (an address is
   * personal data, and a receipt proves a decision without it). `'truncated'`: IPv4 to /24, IPv6 to /48.
   * `{ key }`: an HMAC-SHA-256 of the address under your secret key (first 128 bits, hex): the same
   * address gives the same value, so a receipt can be matched to a request you logged, but the
   * address cannot be read back without the key.
   */
  clientAddress?: 'none' | 'truncated' | { key: string };
  /**
   * How long an append may take, in ms (default 10 000). A store that does not answer by then (a database
   * behind a firewall that drops packets, a queue that never frees up) gets the request answered 503 with
   * `Retry-After` and logged, as a failing one does, instead of holding it open. The append is not cancelled: if it
   * still succeeds, the browser's resend of the same `id` is answered 200 (both stores ignore a second
   * receipt with an id they hold). A value that is not a number greater than 0 is reported once with
   * `console.warn` and the default is used; `Infinity` (or anything over 2^31 - 1 ms) sets no bound.
   */
  storeTimeoutMs?: number;
  /**
   * How long, in ms, the request body may take to arrive (default 10 000; a receipt is one packet). A client that
   * declares a length and sends less, or a body that never ends, is answered 408 and its connection closed, instead
   * of holding it open until the server's own limit (Node's `requestTimeout`: 300 s). Checked as `storeTimeoutMs` is:
   * a value that is not a number greater than 0 is reported once and the default used; `Infinity` sets no bound.
   */
  bodyTimeoutMs?: number;
}

/** The default `storeTimeoutMs`: longer than the PostgreSQL store's own 5 s wait for a connection. */
const STORE_TIMEOUT_MS = 10_000;

/** The default `bodyTimeoutMs`: ample for a body of a few hundred bytes, even on a slow mobile link. */
const BODY_TIMEOUT_MS = 10_000;

/** A time option in ms: the given one when it is a number greater than 0; else, after a warning (once), `fallback`. */
function timeOption(option: string, given: unknown, fallback: number): number {
  if (given === undefined || given === null) return fallback;
  if (typeof given === 'number' && given > 0) return given;
  warn(option, given, 'a number of milliseconds greater than 0');
  return fallback;
}

/** Calls `onLate` once `ms` have passed, unless the function it returns is called first; never for `Infinity`. */
function deadline(ms: number, onLate: () => void): () => void {
  // setTimeout would fire at once for more than 2^31 - 1 ms.
  if (!(ms <= 0x7fff_ffff)) return () => {};
  const timer = setTimeout(onLate, ms);
  return () => clearTimeout(timer);
}

/** The body did not arrive within `bodyTimeoutMs`. */
class BodyTimeout extends Error {}

/** A store failure's message is logged at most once per this period, per handler. */
const LOG_PERIOD_MS = 3_600_000;

/**
 * Logs a store failure with `console.error`, each distinct message at most once an hour per handler (a
 * database that is down fails every receipt), and at most 20 distinct messages an hour (messages that
 * name each receipt would otherwise log each one).
 */
function failureLog(): (error: unknown) => void {
  const logged = new Map<string, number>();
  return (error) => {
    const message = messageOf(error);
    const now = Date.now();
    if (now - (logged.get(message) ?? -Infinity) < LOG_PERIOD_MS) return;
    if (logged.size >= 20) for (const [key, at] of logged) if (now - at >= LOG_PERIOD_MS) logged.delete(key);
    if (logged.size >= 20 && !logged.has(message)) return;
    logged.set(message, now);
    try {
      console.error(`cookie-consent-element/server: a receipt could not be stored: ${message}. Such receipts are answered 503 ` +
        `and the browser sends them again later; this message is not logged again for an hour.`);
    } catch {
      // No console, or one that throws: the 503 is answered all the same.
    }
  };
}

/** An error's message, whatever was thrown (a store may reject with anything). */
function messageOf(error: unknown): string {
  try {
    return (error instanceof Error ? error.message : String(error)).slice(0, 500).replace(/\.$/, '');
  } catch {
    return '(an error without a readable message)';
  }
}

/** `work`, or a rejection once `ms` have passed (`deadline`: no bound for `Infinity`). */
function within<T>(work: Promise<T>, ms: number, onLate: (error: unknown) => void): Promise<T> {
  let stop = () => {};
  const timeout = new Promise<never>((_, reject) => {
    stop = deadline(ms, () => {
      // A late rejection still says why the store hung; a late success needs nothing.
      work.catch(onLate);
      reject(new Error(`the receipt store did not answer within ${ms} ms`));
    });
  });
  return Promise.race([work, timeout]).finally(stop);
}

/** What the step needs of a request, from whichever runtime. */
interface ReceiptRequest {
  method: string;
  header(name: string): string | null;
  /** The host the request was sent to (the `Host` header, or the Fetch request's URL). */
  host: string | null;
  /** The client's address, when known; rate limits key on it. */
  address: string;
  /** The body as text, or `null` when it is longer than `limit` bytes; rejects with `BodyTimeout` after `ms`. */
  body(limit: number, ms: number): Promise<string | null>;
}

/** What the step answers: a status and a small JSON body. */
export interface ReceiptResult {
  status: number;
  body: { stored: boolean; error?: string };
  headers: Record<string, string>;
}

/** The check-and-store step, shared by both adapters. */
function receiptStep(options: ReceiptHandlerOptions): (request: ReceiptRequest) => Promise<ReceiptResult> {
  const { store, origins = [] } = options;
  const clientAddress = options.clientAddress ?? 'none';
  // Checked here, once: a key from an unset variable (or a misspelt mode) would fail every append, and
  // the browsers would resend every receipt forever while the site stores none.
  if (clientAddress !== 'none' && clientAddress !== 'truncated' && !(typeof clientAddress.key === 'string' && clientAddress.key)) {
    throw new TypeError(`clientAddress: expected 'none', 'truncated' or { key: a non-empty secret }`);
  }
  const maxBytes = options.maxBytes ?? 4096;
  const storeTimeoutMs = timeOption('storeTimeoutMs', options.storeTimeoutMs, STORE_TIMEOUT_MS);
  const bodyTimeoutMs = timeOption('bodyTimeoutMs', options.bodyTimeoutMs, BODY_TIMEOUT_MS);
  const logFailure = failureLog();
  const limit = options.rateLimit === undefined ? { max: 30, windowMs: 60_000 } : options.rateLimit;
  const windows = new Map<string, { count: number; ends: number }>();
  const reply = (status: number, error?: string, headers: Record<string, string> = {}): ReceiptResult =>
    ({ status, body: error ? { stored: false, error } : { stored: status === 201 }, headers });

  return async (request) => {
    const origin = request.header('origin');
    // A page on a listed origin (another subdomain) posts cross-origin: the browser first asks with a
    // preflight (a JSON Content-Type is not a simple request), then reads the answer only when it names
    // that origin. Without both, such a receipt never arrives and the browser resends it forever.
    const listed = origin !== null && origins.includes(origin);
    const cors: Record<string, string> = listed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    const answer = (status: number, error?: string, headers: Record<string, string> = {}) => reply(status, error, { ...cors, ...headers });
    if (request.method === 'OPTIONS' && listed) {
      return answer(204, undefined, { 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' });
    }
    if (request.method !== 'POST') return answer(405, 'only POST', { Allow: 'POST' });

    if (!origin || origin === 'null') return answer(403, 'no Origin header');
    if (!listed && hostOf(origin) !== request.host?.toLowerCase()) return answer(403, 'Origin is another site');

    // Without a client address (a Fetch runtime that was given none) every visitor would share one
    // window, and the site's 31st decision in a minute would be refused: no limit then.
    if (limit && request.address) {
      const now = Date.now();
      // Bounded memory under a flood of addresses: expired windows go first, then everything.
      if (windows.size > 10_000) {
        for (const [key, slot] of windows) if (slot.ends <= now) windows.delete(key);
        if (windows.size > 10_000) windows.clear();
      }
      let slot = windows.get(request.address);
      if (!slot || slot.ends <= now) windows.set(request.address, (slot = { count: 0, ends: now + limit.windowMs }));
      if (++slot.count > limit.max) return answer(429, 'too many receipts', { 'Retry-After': String(Math.ceil((slot.ends - now) / 1000)) });
    }

    if (!/^application\/json\s*(;|$)/i.test(request.header('content-type') ?? '')) return answer(415, 'Content-Type must be application/json');
    let text: string | null;
    try {
      text = await request.body(maxBytes, bodyTimeoutMs);
    } catch (error) {
      if (!(error instanceof BodyTimeout)) throw error;
      // Closed, not kept alive: the rest of a declared length would otherwise be waited for on the same connection.
      return answer(408, `the body did not arrive within ${bodyTimeoutMs} ms`, { Connection: 'close' });
    }
    // Closed too: answered before the rest of the body came, which the connection would otherwise still carry.
    if (text === null) return answer(413, `body over ${maxBytes} bytes`, { Connection: 'close' });

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return answer(400, 'the body is not JSON');
    }
    const body = checkReceiptBody(parsed);
    if (typeof body === 'string') return answer(400, body);
    if (body.origin !== undefined && body.origin !== origin) return answer(400, 'origin does not match the Origin header');
    body.origin ??= origin;

    try {
      const receipt = toReceipt(body, Date.now(), await keep(request.address, clientAddress));
      // Called inside a promise, so that a store that throws instead of rejecting is caught the same way.
      const stored = await within(Promise.resolve().then(() => store.append(receipt)), storeTimeoutMs, logFailure);
      return answer(stored ? 201 : 200);
    } catch (error) {
      // The store's own error may name hosts or tables: it goes to the server's log, not on the wire.
      logFailure(error);
      return answer(503, 'the receipt store is unavailable; send it again later', { 'Retry-After': '10' });
    }
  };
}

/** The `host[:port]` of an origin, lower case; `null` when it is not one. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** What `clientAddress` says to keep of an address. */
async function keep(address: string, how: ReceiptHandlerOptions['clientAddress']): Promise<string | null> {
  if (!address || how === 'none' || how === undefined) return null;
  if (how === 'truncated') return truncateAddress(address);
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(how.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // An IPv4 address as itself, also where a dual-stack socket gives it mapped (`::ffff:203.0.113.7`, Node on
  // `::`), so that it hashes as the address in your logs and on your other servers does.
  const plain = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1] ?? address;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(plain)));
  return [...mac.subarray(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** An IPv4 address to its /24 (`203.0.113.0`), an IPv6 one to its /48 (`2001:db8:85a3::`). */
export function truncateAddress(address: string): string | null {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
  if (!address.includes(':')) return null;
  const [head = ''] = address.split('::');
  const groups = head.split(':').filter(Boolean).slice(0, 3);
  return groups.length ? `${groups.join(':')}::` : '::';
}

/** A Node `IncomingMessage`, as far as the middleware reads it. */
export interface ReceiptIncomingMessage {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  /** Set by a body parser that ran first (Express's `json()`): used instead of the stream once that is read. */
  body?: unknown;
  /** `false` while the stream is unread (Express 4's parsers set `body = {}` on a request they skip). */
  readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'error', listener: (error?: unknown) => void): unknown;
  resume?(): unknown;
}

/** A Node `ServerResponse`, as far as the middleware writes it. */
export interface ReceiptServerResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/**
 * A middleware for `node:http`, Express and Connect that receives receipts: mount it on the
 * `receipt-url` path for every method, before any body parser. It answers every request itself and never rejects.
 *
 * @example
 * const store = await sqliteReceiptStore('receipts.sqlite');
 * // `all`, not `post`: the CORS preflight (OPTIONS) of a page listed in `origins` must reach it too.
 * app.all('/consent-receipts', receiptMiddleware({ store, origins: ['https://shop.example.com'] }));
 */
export function receiptMiddleware(options: ReceiptHandlerOptions): (req: ReceiptIncomingMessage, res: ReceiptServerResponse) => Promise<void> {
  const step = receiptStep(options);
  return async function receiptMiddleware(req, res) {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value ?? null;
    };
    const result = await step({
      method: req.method ?? '',
      header,
      host: header('host'),
      address: req.socket?.remoteAddress ?? '',
      body: (limit, ms) => (req.body !== undefined && req.readableEnded !== false ? Promise.resolve(parsedBody(req.body, limit)) : readStream(req, limit, Number(header('content-length')), ms)),
    }).catch((): ReceiptResult => ({ status: 400, body: { stored: false, error: 'unreadable request' }, headers: {} }));
    res.writeHead(result.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...result.headers });
    res.end(result.status === 204 ? '' : JSON.stringify(result.body));
  };
}

/** A body an earlier parser already read, as text again (its size counted as that text). */
function parsedBody(body: unknown, limit: number): string | null {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : JSON.stringify(body) ?? '';
  return new TextEncoder().encode(text).length > limit ? null : text;
}

/** The request stream as text, stopping (and discarding the rest) once it passes `limit` bytes or `ms` pass. */
function readStream(req: ReceiptIncomingMessage, limit: number, declared: number, ms: number): Promise<string | null> {
  let stop = () => {};
  return new Promise<string | null>((resolve, reject) => {
    // A declared length over the limit is refused before a byte is read.
    if (declared > limit) {
      req.resume?.();
      return resolve(null);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let over = false;
    stop = deadline(ms, () => {
      over = true;
      chunks.length = 0;
      reject(new BodyTimeout());
    });
    req.on('data', (chunk) => {
      if (over) return;
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return resolve(null);
      }
      chunks.push(bytes);
    });
    req.on('end', () => {
      if (over) return;
      try {
        resolve(utf8(chunks, size));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  }).finally(() => stop());
}

/**
 * A Fetch API handler that receives receipts, for Deno, Bun, Cloudflare Workers, Hono or a Next.js
 * route handler. Pass the client's address as the second argument where the runtime tells it
 * (Deno: `info.remoteAddr.hostname`, Bun: `server.requestIP(request)?.address`); without it every
 * client shares one rate limit.
 *
 * @example
 * const receipts = receiptFetchHandler({ store });
 * Deno.serve((request, info) => receipts(request, info.remoteAddr.hostname));
 */
export function receiptFetchHandler(options: ReceiptHandlerOptions): (request: Request, clientAddress?: string) => Promise<Response> {
  const step = receiptStep(options);
  return async (request, clientAddress = '') => {
    let host: string | null = null;
    try {
      host = new URL(request.url).host;
    } catch {
      host = request.headers.get('host');
    }
    const result = await step({
      method: request.method,
      header: (name) => request.headers.get(name),
      host,
      address: clientAddress,
      body: (limit, ms) => readBody(request, limit, ms),
    }).catch((): ReceiptResult => ({ status: 400, body: { stored: false, error: 'unreadable request' }, headers: {} }));
    return new Response(result.status === 204 ? null : JSON.stringify(result.body), {
      status: result.status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...result.headers },
    });
  };
}

/** A Fetch body as text, reading no further than `limit` bytes, nor for longer than `ms`. */
async function readBody(request: Request, limit: number, ms: number): Promise<string | null> {
  if (Number(request.headers.get('content-length')) > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  let stop = () => {};
  const late = new Promise<never>((_, reject) => {
    stop = deadline(ms, () => reject(new BodyTimeout()));
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    // Cancelled, so that the runtime stops reading the body and can let the connection go.
    if (error instanceof BodyTimeout) void reader.cancel().catch(() => {});
    throw error;
  } finally {
    stop();
  }
  return utf8(chunks, size);
}

/** Chunks of a body as text; bytes that are not UTF-8 throw (the step answers 400). */
function utf8(chunks: Uint8Array[], size: number): string {
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) all.set(chunk, (at += chunk.length) - chunk.length);
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}
