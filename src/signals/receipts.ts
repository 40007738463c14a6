/**
 * Consent receipts out (CONTRACT section 8): after each decision, a `POST` to `receipt-url` of the
 * decision, the language and a SHA-256 of the texts the visitor was shown, the widget's version and the
 * page's origin and path (never its query, which may hold personal data).
 *
 * Off the click path: the texts are captured when the decision is announced, everything else happens in
 * a later task. Each receipt waits in localStorage until the server has answered it; what a closed tab,
 * a network error or a server error (5xx, 429) left there is sent again on a later page view. A receipt
 * the server refuses as bad (another 4xx) is dropped: sending it again would not change the answer.
 * The visitor never sees any of it.
 */
import type { Consent } from '../consent/index.js';
import { VERSION } from '../version.js';

interface Pending {
  url: string;
  body: string;
}

const KEY = 'cookie-consent-receipts';
/** Receipts kept while the server cannot be reached: enough for weeks of one visitor's decisions. */
const MOST = 20;

/** What receipts ask of the element that decides; declared here, so signals/ imports nothing from the element. */
export interface ReceiptsHost extends EventTarget {
  /** The configured optional categories: those a decision leaves open are reported as `undecided`. */
  readonly categoryIds: readonly string[];
  /** The texts the visitor was shown, hashed into the receipt; `undefined` when nothing was shown (a decision made through the API, GPC). */
  readonly texts: unknown;
  /** The BCP 47 language of `texts`. */
  readonly language: string | undefined;
}

/**
 * Sends a receipt of every decision announced on `host` to `url()` (none while it is `null`).
 * `decision()` is what was recorded: also a decision that leaves categories undecided (an embed's
 * Allow button), which `consent-change` announces with `consent: null`.
 */
export function connectReceipts(host: ReceiptsHost, url: () => string | null, decision: () => Consent | null): () => void {
  const onChange = (): void => {
    const consent = decision();
    const to = url();
    if (!consent || !to) return;
    const { texts, language } = host;
    setTimeout(async () => {
      const undecided = host.categoryIds.filter((category) => !Object.hasOwn(consent.categories, category));
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
      // Another tab announces the same decision: one receipt is enough.
      if (pending.some((item) => item.body.includes(`"id":"${consent.id}"`))) return;
      const item = { url: new URL(to, location.href).href, body };
      save([...pending, item].slice(-MOST));
      send(item);
    });
  };
  host.addEventListener('consent-change', onChange);
  // What earlier page views could not deliver, once this page has settled.
  if (url()) setTimeout(() => load().forEach(send), 2000);
  return () => host.removeEventListener('consent-change', onChange);
}

/** Sends one receipt; it leaves the waiting list once the server has answered it for good. */
function send(item: Pending): void {
  // `keepalive`: the request outlives the page when the decision was a click on a link away.
  fetch(item.url, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: item.body })
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
