/**
 * A consent receipt: what the element posts to `receipt-url` after each decision (CONTRACT section 8),
 * and what the server keeps of it. No DOM, no Node: the handler runs on edge runtimes too.
 *
 *   body = JSON object, at most `maxBytes` (4 KiB) of UTF-8:
 *     id          1-64 of A-Z a-z 0-9 - _          the decision's id (the cookie's `id`)
 *     timestamp   integer ms since the epoch        when the browser says the decision was made
 *     revision    integer 0 … 999 999 999           policy revision
 *     source      one of the record's SOURCES       banner, preferences, api, gpc, …
 *     categories  { id: boolean }, necessary: true  at most 64 besides necessary, ids as the cookie's
 *     services?   { id: boolean }                   at most 64
 *     undecided?  [ id ]                            configured categories the decision leaves open (an
 *                                                   embed's Allow button): the outcome is then partial
 *     language?   BCP 47 tag                        the language of the texts shown
 *     textsHash?  64 lowercase hex digits           SHA-256 of JSON.stringify(el.texts)
 *     version?    the widget's version
 *     origin?     the page's origin; must equal the request's Origin header
 *     path?       the page's path, without query or fragment
 *
 * Unknown fields are ignored (a newer widget's receipts still count), never stored.
 */
import { CATEGORY_ID, NECESSARY, SOURCES, type ConsentSource } from '../../consent/index.js';

/** How a decision turned out for the optional categories: all granted, none, or some. */
export type ReceiptOutcome = 'accepted' | 'refused' | 'partial';

export const OUTCOMES: readonly ReceiptOutcome[] = ['accepted', 'refused', 'partial'];

/** What the element sends. */
export interface ReceiptBody {
  id: string;
  timestamp: number;
  revision: number;
  source: ConsentSource;
  categories: Record<string, boolean>;
  services?: Record<string, boolean>;
  /** Configured categories the decision leaves unanswered (an embed's Allow button decides only its own). */
  undecided?: string[];
  language?: string;
  textsHash?: string;
  version?: string;
  origin?: string;
  path?: string;
}

/** What a store keeps: the body's fields (absent ones `null`) plus what the server adds. */
export interface Receipt {
  id: string;
  /** When the server received it (ms since the epoch): the time to rely on, unlike the browser's `timestamp`. */
  receivedAt: number;
  timestamp: number;
  revision: number;
  source: ConsentSource;
  outcome: ReceiptOutcome;
  categories: Record<string, boolean>;
  services: Record<string, boolean> | null;
  language: string | null;
  textsHash: string | null;
  version: string | null;
  origin: string | null;
  path: string | null;
  /** Only with the handler's `clientAddress` option: a truncated address or a keyed hash of it. */
  client: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/;
const HASH = /^[0-9a-f]{64}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;
const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-:[\]]{1,253}$/;
// An absolute path as `location.pathname` gives it (RFC 3986 `path-absolute`: percent-encoded, plus the
// `[ ] | ^` that browsers leave as they are), so no query, no fragment, and nothing that HTML or a
// spreadsheet would read as markup.
const PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/[\]|^]{0,1023}$/;

/**
 * Reads a parsed JSON body into a receipt body, or says what is wrong with it (a short English
 * sentence for the 400 response). Never throws; `__proto__` and other extra keys are left behind.
 */
export function checkReceiptBody(value: unknown): ReceiptBody | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body is not a JSON object';
  const body = value as Record<string, unknown>;
  const field = (name: string) => (Object.hasOwn(body, name) ? body[name] : undefined);
  const { id, timestamp, revision, source, categories, services, undecided, language, textsHash, version, origin, path } =
    Object.fromEntries(['id', 'timestamp', 'revision', 'source', 'categories', 'services', 'undecided', 'language', 'textsHash', 'version', 'origin', 'path'].map((name) => [name, field(name)]));

  if (typeof id !== 'string' || !ID.test(id)) return 'id must be 1 to 64 of A-Z a-z 0-9 - _';
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) <= 0 || (timestamp as number) >= 1e15) return 'timestamp must be ms since the epoch';
  if (!Number.isSafeInteger(revision) || (revision as number) < 0 || (revision as number) >= 1e9) return 'revision must be a whole number from 0';
  if (!SOURCES.includes(source as ConsentSource)) return `source must be one of ${SOURCES.join(', ')}`;
  const checkedCategories = checkMap(categories, NECESSARY);
  if (!checkedCategories || checkedCategories[NECESSARY] !== true) return 'categories must map category ids to booleans, with necessary: true';
  const checkedServices = services === undefined || services === null ? null : checkMap(services);
  if (checkedServices === undefined) return 'services must map service ids to booleans';
  const open = undecided === undefined || undecided === null ? [] : undecided;
  if (!Array.isArray(open) || open.length > 64 || !open.every((category) => typeof category === 'string' && CATEGORY_ID.test(category))) {
    return 'undecided must list category ids';
  }
  const optional = (name: string, value: unknown, pattern: RegExp) =>
    value === undefined || value === null || (typeof value === 'string' && pattern.test(value)) ? '' : `${name} is malformed`;
  const problem = optional('language', language, LANGUAGE) || optional('textsHash', textsHash, HASH) ||
    optional('version', version, VERSION) || optional('origin', origin, ORIGIN) || optional('path', path, PATH);
  if (problem) return problem;

  const receipt: ReceiptBody = {
    id,
    timestamp: timestamp as number,
    revision: revision as number,
    source: source as ConsentSource,
    categories: checkedCategories,
  };
  if (checkedServices) receipt.services = checkedServices;
  if (open.length) receipt.undecided = [...open];
  for (const [name, text] of [['language', language], ['textsHash', textsHash], ['version', version], ['origin', origin], ['path', path]] as const) {
    if (typeof text === 'string') receipt[name] = text;
  }
  return receipt;
}

/**
 * A map of ids to booleans, copied into a fresh object; `undefined` when it is anything else. At most 64
 * ids besides `besides`, as the cookie holds (64 categories besides `necessary`, which it never writes).
 */
function checkMap(value: unknown, besides?: string): Record<string, boolean> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length - (besides !== undefined && Object.hasOwn(value, besides) ? 1 : 0) > 64) return undefined;
  const map: Record<string, boolean> = {};
  for (const [key, granted] of entries) {
    if (!CATEGORY_ID.test(key) || typeof granted !== 'boolean') return undefined;
    map[key] = granted;
  }
  return map;
}

/**
 * All optional categories (and services) granted, none, or some (`necessary` does not count; no optional ones
 * counts as refused): a refusal of every category with one service allowed (an embed's Allow) is partial.
 */
export function outcomeOf(categories: Record<string, boolean>, services?: Record<string, boolean> | null): ReceiptOutcome {
  let granted = 0;
  let total = 0;
  for (const [category, value] of [...Object.entries(categories), ...Object.entries(services ?? {})]) {
    if (category === NECESSARY) continue;
    total++;
    if (value) granted++;
  }
  return granted === 0 ? 'refused' : granted === total ? 'accepted' : 'partial';
}

/** The stored form of a checked body. */
export function toReceipt(body: ReceiptBody, receivedAt: number, client: string | null): Receipt {
  return {
    id: body.id,
    receivedAt,
    timestamp: body.timestamp,
    revision: body.revision,
    source: body.source,
    outcome: body.undecided?.length ? 'partial' : outcomeOf(body.categories, body.services),
    categories: body.categories,
    services: body.services ?? null,
    language: body.language ?? null,
    textsHash: body.textsHash ?? null,
    version: body.version ?? null,
    origin: body.origin ?? null,
    path: body.path ?? null,
    client,
  };
}
