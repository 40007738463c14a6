/**
 * Consent receipts out (CONTRACT section 8), the part loaded only when there is one to send
 * (`cookie-consent-receipts.js`; receipts.ts in the core decides when): a `POST` to `receipt-url` of the
 * decision, the language and a SHA-256 of the texts the visitor was shown, the widget's version and the
 * page's origin and path (never its query, which may hold personal data).
 *
 * Off the click path: the texts are captured when the decision is announced, everything else happens in
 * a later task. Each receipt waits in localStorage until the server has answered it; what a closed tab,
 * a network error or a server error (5xx, 429) left there is sent again on a later page view. A receipt
 * the server refuses as bad (another 4xx) is dropped: sending it again would not change the answer.
 * The visitor never sees any of it.
 */
import { fetchSafely } from '../fetch.js';
import { VERSION } from '../version.js';
import { RECEIPTS_KEY as KEY, type Receipt } from './receipts.js';

interface Pending {
  url: string;
  body: string;
}

/** Receipts kept while the server cannot be reached: enough for weeks of one visitor's decisions. */
const MOST = 20;

/**
 * Stores the receipt of `consent` and sends it, in a later task (hashing the texts takes a moment).
 * Another tab that announces the same decision sends none of its own: one receipt is enough.
 */
export function sendReceipt({ consent, undecided, texts, language, url }: Receipt): void {
  setTimeout(async () => {
    const body = JSON.stringify({
      ...consent,
      // An embed's Allow button decides its own category only: the server counts that as partial.
      ...(undecided.length ? { undecided } : {}),
      language,
      textsHash: texts === undefined ? undefined : await sha256(JSON.stringify(texts)),
      version: VERSION,
      origin: location.origin,
      path: location.pathname,
    });
    const pending = load();
    if (pending.some((item) => item.body.includes(`"id":"${consent.id}"`))) return;
    const item = { url, body };
    save([...pending, item].slice(-MOST));
    send(item);
  });
}

/** Sends again what earlier page views could not deliver. */
export function resendPending(): void {
  load().forEach(send);
}

/** Sends one receipt; it leaves the waiting list once the server has answered it for good. */
function send(item: Pending): void {
  // `keepalive`: the request outlives the page when the decision was a click on a link away.
  fetchSafely(item.url, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: item.body })
    .then((response) => {
      const { status } = response;
      // Read to the end, or the request never counts as finished (tools that wait for a quiet network wait forever).
      void response.arrayBuffer().catch(() => {});
      if (status < 500 && status !== 408 && status !== 429) save(load().filter((other) => other.body !== item.body));
    })
    .catch(() => {});
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

function load(): Pending[] {
  try {
    // Only this module writes the key; anything else there (edited by hand) is dropped by the type check.
    const list: unknown = JSON.parse(localStorage.getItem(KEY)!);
    return Array.isArray(list) ? list.filter((item: Pending) => item.body > '') : [];
  } catch {
    return [];
  }
}

function save(list: Pending[]): void {
  try {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list));
    else localStorage.removeItem(KEY);
  } catch {
    // No storage (blocked, full): the receipt is sent once, without a retry.
  }
}
