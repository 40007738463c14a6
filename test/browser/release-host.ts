/**
 * A stand-in for <cookie-consent> that implements the host interfaces release/ and signals/ declare,
 * and nothing else, so they are tested on their own: a real custom element, real events, real cookies.
 */
import { createConsent, isGranted, type Consent } from '../../src/consent/index.js';
import { en } from '../../src/view/texts/en.js';
import type { Texts } from '../../src/view/texts/texts.js';
import type { EmbedsPart, ReleaseHost } from '../../src/release/host.js';
import * as embedsPart from '../../src/release/embeds.js';
import { showPlaceholders } from '../../src/view/placeholder.js';
import type { ConsentModeHost } from '../../src/signals/google-consent-mode.js';
import type { ReceiptsHost } from '../../src/signals/receipts.js';

export class FakeHost extends HTMLElement implements ReleaseHost, ConsentModeHost, ReceiptsHost {
  consent: Consent | null = null;
  categoryIds: string[] = ['preferences', 'analytics', 'marketing'];
  reloadOnRevoke = false;
  texts: Texts = en;
  language = 'en';
  /** Each category's cookie patterns, and promises of more, as a preset's list (fetched first) is. */
  cookies: Record<string, Array<string | Promise<readonly string[]>>> = {};
  /** The embeds part, here imported with the test: at hand in a microtask, as a loaded one is. */
  embeds = (): Promise<EmbedsPart | undefined> => Promise.resolve(embedsPart);
  /** Categories that count as granted without a decision (like mode="opt-out"). */
  optOut = false;

  /** What release/ waits for: here the categories alone (no services). */
  get ids(): string[] {
    return this.categoryIds;
  }

  has(category: string): boolean {
    if (this.consent === null) return category === 'necessary' || (this.optOut && this.categoryIds.includes(category));
    return isGranted(this.consent, category);
  }

  constructor() {
    super();
    // What the real element's view does when its language changes: placeholders already shown speak it.
    this.addEventListener('texts-change', () => this.placeholderShown());
  }

  /** As the real element's view does: placeholders ask this host for their texts, labels and grant. */
  placeholderShown(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- getters of a plain object
    const host = this;
    showPlaceholders({
      active: true,
      get language() {
        return host.language;
      },
      get texts() {
        return host.texts;
      },
      labelOf: (category) => this.labelOf(category),
      get categories() {
        return host.categoryIds;
      },
      grant: (categories) => this.grant(categories),
    });
  }

  labelOf(category: string): string {
    return (this.texts.categories as Record<string, { label: string } | undefined>)[category]?.label ?? category;
  }

  cookiesOf(category: string): ReadonlyArray<string | Promise<readonly string[]>> {
    return this.cookies[category] ?? [];
  }

  /** Makes a decision (the listed categories granted, the others refused) and announces it. */
  decide(granted: string[]): void {
    const before = this.categoryIds.filter((category) => this.has(category));
    this.consent = createConsent(granted, this.categoryIds.filter((category) => !granted.includes(category)), 0, 'api');
    const now = this.categoryIds.filter((category) => this.has(category));
    this.dispatchEvent(
      new CustomEvent('consent-change', {
        bubbles: true,
        composed: true,
        detail: {
          consent: this.consent,
          granted: now.filter((category) => !before.includes(category)),
          revoked: before.filter((category) => !now.includes(category)),
        },
      }),
    );
  }

  /** Stores a decision without announcing it, as if read from the cookie at start-up. */
  store(granted: string[]): void {
    this.consent = createConsent(granted, this.categoryIds.filter((category) => !granted.includes(category)), 0, 'banner');
  }

  ready(): void {
    this.dispatchEvent(new CustomEvent('consent-ready', { bubbles: true, composed: true, detail: { consent: this.consent } }));
  }

  grants: string[] = [];
  grant(categories: readonly string[]): void {
    this.grants.push(...categories);
    this.decide([...this.categoryIds.filter((id) => this.has(id)), ...categories]);
  }
}
customElements.define('fake-consent-host', FakeHost);

/** A connected fake host. */
export function fakeHost(): FakeHost {
  const host = document.createElement('fake-consent-host') as FakeHost;
  document.body.append(host);
  return host;
}

/** Resolves once `condition()` holds; rejects with `what` if it does not within a few seconds. */
export async function until(condition: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets the MutationObserver and queued promise steps run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

declare global {
  interface Window {
    __order?: string[];
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

/** Where the fixture files are, as served by the test runner. */
export const FIXTURES = '/test/e2e/fixtures/blocking';
