/**
 * When receipts are sent (CONTRACT section 8), in the core: after each decision announced on the host,
 * while `receipt-url` is set, and for what earlier page views left unsent. What was decided, and the texts,
 * language and path the visitor was shown, are stored in localStorage when the decision is announced, at
 * once: a visitor who leaves before the sender has loaded (a link away, a closed tab) loses nothing. The
 * sending itself (hashing, posting, retrying: receipts-sender.ts) is a file of its own, loaded only when
 * there is a receipt to send, so the pages of visitors who have decided carry none of it.
 */
import type { Consent } from '../consent/index.js';
import type * as Sender from './receipts-sender.js';

/** Where receipts wait in localStorage until the server has answered them. */
export const RECEIPTS_KEY = 'cookie-consent-receipts';

/** One decision's receipt as stored when it was announced, before the sender hashes its texts. */
export interface Receipt extends Consent {
  /** Configured categories the decision leaves open (an embed's Allow button). */
  undecided: string[];
  texts?: unknown;
  language?: string;
  /** `location.pathname` where the decision was made. */
  path: string;
}

export type ReceiptsSender = typeof Sender;

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
 * Sends a receipt of every decision announced on `host` to `url()` (none while it is `null`; what waits goes to
 * the current one, so a site that moves its endpoint loses nothing), through
 * the sender `load()` gives (`undefined` when it could not be loaded: the host has warned).
 * `decision()` is the one being announced, as recorded (not a newer one that a listener made meanwhile): also a
 * decision that leaves categories undecided (an embed's Allow button), which `consent-change` announces with `consent: null`.
 */
export function connectReceipts(host: ReceiptsHost, url: () => string | null, decision: () => Consent | null | undefined, load: () => Promise<ReceiptsSender | undefined>): () => void {
  const onChange = (): void => {
    const consent = decision();
    const to = url();
    if (!consent || !to) return;
    const { texts, language, categoryIds } = host;
    const receipt = { ...consent, undecided: categoryIds.filter((category) => !Object.hasOwn(consent.categories, category)), texts, language, path: location.pathname };
    // Stored in the next task, not when the sender has loaded: the visitor may be leaving (a link away, a closed tab);
    // and not in the click's own task, which the page's first storage access and the texts' copy would make longer.
    // The sender keeps one receipt per decision and trims the list; the cap here bounds it where the sender never loads.
    setTimeout(() => {
      try {
        localStorage.setItem(RECEIPTS_KEY, JSON.stringify([...((JSON.parse(localStorage.getItem(RECEIPTS_KEY)!) as Receipt[] | null) ?? []), receipt].slice(-20)));
      } catch {
        // Blocked or full: the sender sends it all the same, from memory, without a retry.
      }
      void load().then((sender) => sender?.sendReceipts(to, receipt));
    });
  };
  host.addEventListener('consent-change', onChange);
  // What earlier page views could not deliver, once this page has settled (and only while still started).
  const retry = url() && pending() ? setTimeout(() => void load().then((sender) => sender?.sendReceipts(url())), 2000) : undefined;
  return () => {
    clearTimeout(retry);
    host.removeEventListener('consent-change', onChange);
  };
}

function pending(): boolean {
  try {
    return !!localStorage.getItem(RECEIPTS_KEY);
  } catch {
    return false;
  }
}
