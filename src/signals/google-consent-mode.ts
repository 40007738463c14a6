/**
 * Google Consent Mode v2 (CONTRACT section 5): tells Google's tags (gtag.js, Tag Manager) what the
 * visitor decided, so they run in their cookieless mode until then.
 */
import type { Consent } from '../consent/index.js';
import { warn } from '../warn.js';

type ConsentState = 'granted' | 'denied';
type Gtag = (...args: unknown[]) => void;

/** The page's globals that Google's snippet uses; not declared on `Window`, where they could clash with a site's own typings. */
type Page = { dataLayer?: unknown[]; gtag?: Gtag };

/** Which Consent Mode types each category stands for. Types of categories the site does not configure stay denied. @internal */
export const TYPES: Readonly<Record<string, readonly string[]>> = {
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  preferences: ['functionality_storage', 'personalization_storage'],
};

/**
 * What the page was last told: `default`, then each update's state as JSON. A symbol from the global registry, so two
 * bundles on a page share it, and an element that takes over from one that left (a framework's re-render) does not
 * tell the same state again.
 */
const TOLD = Symbol.for('cookie-consent-element.consent-default');
/** The page's record of it (read when used: importing this module in Node touches no `window`). */
const told = (): Record<symbol, string | undefined> => window as never;

let warned = false;

/**
 * Calls `window.gtag`, defined first when missing as Google's own snippet does. It is assigned to
 * `window.gtag` so that page code calling `gtag()` before the tag loads is queued too; Google's
 * snippet, run later, replaces it with an identical function. A page's own `gtag` that throws, or a
 * `dataLayer` that is not an array, costs this one command and a warning, never the banner.
 */
function gtag(...args: unknown[]): void {
  const page = window as unknown as Page;
  try {
    // Google's tags read `arguments` objects from the dataLayer, not arrays: push exactly that.
    if (typeof page.gtag !== 'function') {
      page.gtag = function () {
        // eslint-disable-next-line prefer-rest-params -- the tags read an `arguments` object, not an array
        (page.dataLayer ||= []).push(arguments);
      };
    }
    page.gtag('consent', ...args);
  } catch (error) {
    if (!warned) warn(`<cookie-consent>: google-consent-mode: gtag() failed, skipped (${error})`);
    warned = true;
  }
}

/**
 * Pushes `gtag('consent', 'default', …)`: everything denied except `security_storage`, with
 * `wait_for_update` so tags loaded early wait half a second for the stored decision.
 * Once per page, however often it is called.
 */
export function pushConsentDefault(): void {
  if (!told()[TOLD]) gtag('default', { ...states(() => 'denied'), security_storage: 'granted', wait_for_update: 500 });
  told()[TOLD] ||= 'default';
}

/** Every type of `TYPES`, in its order, with the state `of` its category. */
function states(of: (category: string) => ConsentState): Record<string, ConsentState> {
  const state: Record<string, ConsentState> = {};
  for (const category of Object.keys(TYPES)) for (const type of TYPES[category]!) state[type] = of(category);
  return state;
}

/** What Consent Mode asks of the element that decides; declared here, so signals/ imports nothing from the element. */
export interface ConsentModeHost extends EventTarget {
  /** The valid decision, or `null`. */
  readonly consent: Consent | null;
  /** The configured optional categories. */
  readonly categoryIds: readonly string[];
  /** Whether a category or a service counts as granted now. */
  has(id: string): boolean;
  /**
   * The types that configured Google services (CONTRACT §9) stand for, each granted only when every such
   * service is (the services part's `googleTypes`): they override their categories'.
   */
  readonly google?: Readonly<Record<string, boolean>>;
}

/**
 * The Consent Mode state the host's current decision stands for: each type follows its category, except a
 * type that a configured Google service stands for (ga4: `analytics_storage`), which is granted only when
 * every such service is (ga4 refused inside a granted analytics: denied; ga4 granted alone: granted).
 */
export function consentModeState(host: ConsentModeHost): Record<string, ConsentState> {
  const state = states((category) => (host.categoryIds.includes(category) && host.has(category) ? 'granted' : 'denied'));
  const services = host.google ?? {};
  for (const type of Object.keys(services)) state[type] = services[type] ? 'granted' : 'denied';
  return state;
}

/** Pushes the update for `state`, unless that is what the page was last told (a start-up GPC refusal already told). */
function tell(state: Record<string, ConsentState>): void {
  const next = JSON.stringify(state);
  if (told()[TOLD] === next) return;
  told()[TOLD] = next;
  gtag('update', state);
}

/**
 * For an element that takes over but decides nothing until the services part is in: what Google was told is granted
 * stays granted only where the host's stored decision grants it too (`has()` meanwhile); the element tells its own
 * state once it decides. So a grant no one holds is withdrawn, and a visitor's unchanged one is not told away and back.
 */
export function withholdConsentMode(host: ConsentModeHost): void {
  const last = told()[TOLD];
  if (last === 'default') return;
  const was = JSON.parse(last!) as Record<string, ConsentState>;
  const state = consentModeState(host);
  for (const type of Object.keys(state)) if (was[type] !== 'granted') state[type] = 'denied';
  tell(state);
}

/**
 * Pushes the `default` command at once (synchronously) and, when the host already has a decision (or
 * grants something without one, in `mode="opt-out"`), the `update` right after it, so tags waiting for
 * `wait_for_update` get it in time; then an `update` after every `consent-change` that changes the state.
 * A host taking over from one that told the page an update (another revision, other categories) tells its own
 * state at once when it differs, also without a decision: the page is never left with a grant no one holds.
 * Returns a function that stops listening.
 */
export function connectConsentMode(host: ConsentModeHost): () => void {
  pushConsentDefault();
  const update = (): void => tell(consentModeState(host));
  if (host.consent || told()[TOLD] !== 'default' || Object.values(consentModeState(host)).includes('granted')) update();
  host.addEventListener('consent-change', update);
  return () => host.removeEventListener('consent-change', update);
}
