/**
 * Consent receipts out (CONTRACT section 8), the part loaded only when there is one to send
 * (`cookie-consent-receipts.js`; receipts.ts in the core decides when): a `POST` to `receipt-url` of the
 * decision, the language and a SHA-256 of the texts the visitor was shown, the widget's version and the
 * page's origin and path (never its query, which may hold personal data).
 *
 * Off the click path: the core stores each decision's receipt in localStorage as it is announced
 * (receipts.ts); this file hashes the texts and sends it in a later task, on this page view or, when the
 * visitor left first, on the next one. Each receipt waits there until the server has answered it; what a
 * closed tab, a network error or a server error (5xx, 429), or another 4xx (a proxy's 401 or 403, a 404
 * while the endpoint moves) left there is sent again on a later page view, to the `receipt-url` of then.
 * Only the handler's answers that the receipt itself is bad (400, 413, 415) drop it: sending it again
 * would not change them. The visitor never sees any of it.
 */
import { fetchSafely } from '../fetch.js';
import { VERSION } from '../version.js';
import { RECEIPTS_KEY as KEY, type Receipt } from './receipts.js';

/** A receipt with its texts hashed: the request's body (the only form an earlier version stored, with the URL it used). */
interface Pending {
  url?: string;
  body: string;
}

/** Receipts kept while the server cannot be reached: enough for weeks of one visitor's decisions. */
const MOST = 20;

/** Decisions (by id) this page has posted and the server has not answered yet: each goes once at a time. */
const posting = new Set<string>();

/** The work so far: one pass over the list at a time, so that two never hash and post the same receipt. */
let passes = Promise.resolve();

/**
 * Sends, in a later task (hashing the texts takes a moment), what waits in localStorage, and `receipt` (the
 * decision just announced) where storage failed to keep it. One receipt per decision: another announcement
 * of it, another tab's pass or the retry at start-up post none of their own.
 */
export function sendReceipts(url: string | null, receipt?: Receipt): void {
  if (!url) return;
  passes = passes
    .then(() => new Promise((resolve) => setTimeout(resolve)))
    .then(() => pass(url, receipt))
    // Storage that changed under it, say: the next pass starts afresh, never after a rejected one.
    .catch(() => {});
}

async function pass(url: string, receipt?: Receipt): Promise<void> {
  const ready = new Map<string, Pending>();
  for (const item of receipt ? [...load(), receipt] : load()) {
    const id = idOf(item);
    if (!ready.has(id)) ready.set(id, 'body' in item ? item : await hash(item, url));
  }
  // Read again: another tab may have added or answered one meanwhile. Hashed, each is stored once.
  const stored = new Map<string, Receipt | Pending>();
  for (const item of load()) {
    const id = idOf(item);
    if (!stored.has(id)) stored.set(id, ready.get(id) ?? item);
  }
  save([...stored.values()].slice(-MOST));
  ready.forEach((item, id) => posting.has(id) || send(url, id, item.body));
}

/** The request's body: the decision, the language, the hash of the texts shown, the version, the page. */
async function hash({ texts, undecided, ...decision }: Receipt, url: string): Promise<Pending> {
  const body = JSON.stringify({
    ...decision,
    // An embed's Allow button decides its own category only: the server counts that as partial.
    ...(undecided?.length ? { undecided } : {}),
    textsHash: texts === undefined ? undefined : await sha256(JSON.stringify(texts)),
    version: VERSION,
    origin: location.origin,
  });
  // With the URL: a tab of an earlier version still posts it.
  return { url, body };
}

/** Sends one receipt to `url`; it leaves the waiting list once the server has answered it for good. */
function send(url: string, id: string, body: string): void {
  posting.add(id);
  // `keepalive`: the request outlives the page when the decision was a click on a link away.
  fetchSafely(url, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body })
    .then((response) => {
      const { status } = response;
      // Read to the end, or the request never counts as finished (tools that wait for a quiet network wait forever).
      void response.arrayBuffer().catch(() => {});
      // Stored, or refused as bad by the handler itself (not JSON or not a receipt, too large, not JSON's type).
      if (response.ok || status === 400 || status === 413 || status === 415) save(load().filter((other) => idOf(other) !== id));
    })
    .catch(() => {})
    .finally(() => posting.delete(id));
}

/** Hex SHA-256; `undefined` where Web Crypto is missing (a page on plain http, other than localhost). */
async function sha256(text: string): Promise<string | undefined> {
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

/** A hashed receipt's decision id: the first in its body (the decision's, spread first). */
const ID = /"id":"([^"]+)"/;

/** A stored receipt's decision id: its own, or, once hashed, its body's. */
function idOf(item: Receipt | Pending): string {
  return 'body' in item ? ID.exec(item.body)![1]! : item.id;
}

function load(): Array<Receipt | Pending> {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEY)!);
    // Only the element writes the key; anything else there (edited by hand, cut short) is dropped.
    return Array.isArray(list) ? list.filter((item: Receipt | Pending) => typeof item === 'object' && item !== null && ('body' in item ? typeof item.body === 'string' && ID.test(item.body) : typeof item.id === 'string' && item.id > '')) : [];
  } catch {
    return [];
  }
}

function save(list: Array<Receipt | Pending>): void {
  try {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list));
    else localStorage.removeItem(KEY);
  } catch {
    // No storage (blocked, full): the receipt is sent once, without a retry.
  }
}
