import { expect } from '@open-wc/testing';
import { connectConsentMode, pushConsentDefault } from '../../src/signals/google-consent-mode.js';
import { fakeHost, type FakeHost } from './release-host.js';
import { banner, cleanUp, createConsent, mount, storeDecision } from './element-helpers.js';

/** The dataLayer as arrays (gtag pushes `arguments` objects, which is what Google's tags expect). */
const entries = () => (window.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>));

const DEFAULT = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
  wait_for_update: 500,
};
const state = (analytics: string, marketing: string, preferences: string) => ({
  analytics_storage: analytics,
  ad_storage: marketing,
  ad_user_data: marketing,
  ad_personalization: marketing,
  functionality_storage: preferences,
  personalization_storage: preferences,
});

/** Lets the next connect push the default again, as on a fresh page. */
const forgetDefault = () => delete (window as unknown as Record<symbol, unknown>)[Symbol.for('cookie-consent-element.consent-default')];

describe('Google Consent Mode', () => {
  let host: FakeHost;
  let stop: () => void;

  beforeEach(() => {
    delete window.dataLayer;
    delete window.gtag;
    forgetDefault();
    host = fakeHost();
  });
  afterEach(() => {
    stop?.();
    host.remove();
  });

  it('pushes the default synchronously, as Google’s snippet would: an arguments object in dataLayer', () => {
    stop = connectConsentMode(host);
    expect(entries()).to.deep.equal([['consent', 'default', DEFAULT]]);
    expect(Object.prototype.toString.call(window.dataLayer![0])).to.equal('[object Arguments]');
    expect(window.gtag).to.be.a('function');
  });

  it('pushes the default once per page, however often it connects', () => {
    stop = connectConsentMode(host);
    const second = connectConsentMode(host);
    pushConsentDefault();
    second();
    expect(entries()).to.deep.equal([['consent', 'default', DEFAULT]]);
  });

  it('pushes the update for a stored decision right after the default, synchronously, then on every consent-change', () => {
    host.store(['analytics']);
    stop = connectConsentMode(host);
    // Before consent-ready (DOMContentLoaded for a tag in <head>), which can come after wait_for_update.
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('granted', 'denied', 'denied')],
    ]);
    host.ready();
    host.decide(['marketing', 'preferences']);
    host.decide([]);
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('granted', 'denied', 'denied')],
      ['consent', 'update', state('denied', 'granted', 'granted')],
      ['consent', 'update', state('denied', 'denied', 'denied')],
    ]);
  });

  it('does not repeat a decision already told (a GPC refusal recorded before connecting, then announced)', () => {
    host.store([]);
    stop = connectConsentMode(host);
    host.decide([]);
    host.ready();
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('denied', 'denied', 'denied')],
    ]);
  });

  it('does not tell the same state again when another element takes over (a framework re-rendering it)', () => {
    host.store(['analytics']);
    stop = connectConsentMode(host);
    stop();
    const next = fakeHost();
    next.store(['analytics']);
    stop = connectConsentMode(next);
    next.decide([]);
    next.remove();
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('granted', 'denied', 'denied')],
      ['consent', 'update', state('denied', 'denied', 'denied')],
    ]);
  });

  it('tells the state of one that takes over when it differs from what the page was told, also without a decision', () => {
    host.store(['analytics', 'marketing']);
    stop = connectConsentMode(host);
    stop();
    // Another revision: the decision no longer counts, and the banner asks again.
    const next = fakeHost();
    stop = connectConsentMode(next);
    stop();
    next.remove();
    // Agreeing already: nothing more.
    const third = fakeHost();
    stop = connectConsentMode(third);
    stop();
    third.remove();
    // The first again (granted), then the same decision with marketing no longer configured.
    stop = connectConsentMode(host);
    stop();
    const fourth = fakeHost();
    fourth.store(['analytics', 'marketing']);
    fourth.categoryIds = ['analytics'];
    stop = connectConsentMode(fourth);
    fourth.remove();
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('granted', 'granted', 'denied')],
      ['consent', 'update', state('denied', 'denied', 'denied')],
      ['consent', 'update', state('granted', 'granted', 'denied')],
      ['consent', 'update', state('granted', 'denied', 'denied')],
    ]);
  });

  it('tells a decision made after connecting once, and nothing at consent-ready', () => {
    stop = connectConsentMode(host);
    host.decide([]);
    host.ready();
    expect(entries()).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('denied', 'denied', 'denied')],
    ]);
  });

  it('does not update without a decision (opt-in)', () => {
    stop = connectConsentMode(host);
    host.ready();
    expect(entries()).to.deep.equal([['consent', 'default', DEFAULT]]);
  });

  it('updates at once without a decision in opt-out mode, where categories count as granted', () => {
    host.optOut = true;
    stop = connectConsentMode(host);
    expect(entries()[1]).to.deep.equal(['consent', 'update', state('granted', 'granted', 'granted')]);
  });

  it('keeps the types of categories the site does not configure denied', () => {
    host.categoryIds = ['analytics'];
    stop = connectConsentMode(host);
    host.decide(['analytics', 'marketing']);
    expect(entries()[1]).to.deep.equal(['consent', 'update', state('granted', 'denied', 'denied')]);
  });

  it('uses the page’s own gtag when there is one', () => {
    const calls: unknown[][] = [];
    window.gtag = (...args: unknown[]) => calls.push(args);
    stop = connectConsentMode(host);
    host.decide(['analytics']);
    expect(calls).to.deep.equal([
      ['consent', 'default', DEFAULT],
      ['consent', 'update', state('granted', 'denied', 'denied')],
    ]);
    expect(window.dataLayer).to.equal(undefined);
  });

  it('keeps an existing dataLayer and what is in it', () => {
    window.dataLayer = [{ event: 'early' }];
    stop = connectConsentMode(host);
    expect(window.dataLayer[0]).to.deep.equal({ event: 'early' });
    expect(entries()[1]).to.deep.equal(['consent', 'default', DEFAULT]);
  });

  it('stops listening when disconnected', () => {
    stop = connectConsentMode(host);
    stop();
    host.decide(['analytics']);
    expect(entries()).to.have.length(1);
  });
});

describe('Google Consent Mode on a page whose gtag or dataLayer is broken', () => {
  const warnings: string[] = [];
  const escaped: unknown[] = [];
  const realWarn = console.warn;
  const onError = (event: ErrorEvent) => escaped.push(event.error);

  beforeEach(() => {
    forgetDefault();
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    window.addEventListener('error', onError);
  });
  afterEach(async () => {
    console.warn = realWarn;
    window.removeEventListener('error', onError);
    delete window.dataLayer;
    delete window.gtag;
    await cleanUp();
  });

  it('the element still starts, shows its banner and records a decision; one warning in all', async () => {
    const pages: [string, () => void][] = [
      ['a gtag that throws', () => (window.gtag = () => { throw new Error('gtag broke'); })],
      ['a dataLayer that is not an array', () => ((window as { dataLayer?: unknown }).dataLayer = {})],
    ];
    for (const [page, breakIt] of pages) {
      forgetDefault();
      delete window.gtag;
      breakIt();
      const { el } = await mount({ categories: 'analytics', 'google-consent-mode': true });
      expect(escaped, `errors that reached the page, with ${page}`).to.deep.equal([]);
      expect(banner(el), `banner, with ${page}`).to.exist;
      el.acceptAll();
      expect(el.consent?.categories.analytics, page).to.equal(true);
      expect(document.cookie, page).to.contain('cookie_consent=');
      await cleanUp();
    }
    // Once per page: the first test on this page to break gtag.
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('google-consent-mode').and.to.contain('gtag');
  });

  it('skips a command the page’s gtag throws on, and still tells the next one', () => {
    const calls: unknown[][] = [];
    window.gtag = (...args: unknown[]) => {
      if (args[1] === 'default') throw new Error('gtag broke');
      calls.push(args);
    };
    const host = fakeHost();
    let stop: (() => void) | undefined;
    expect(() => (stop = connectConsentMode(host))).not.to.throw();
    host.decide(['analytics']);
    stop?.();
    host.remove();
    expect(calls).to.deep.equal([['consent', 'update', state('granted', 'denied', 'denied')]]);
  });
});

// The one tag in <head> steps aside for the page's own element (src/iife.ts); a framework swaps or remounts one.
describe('Google Consent Mode when another element takes over', () => {
  beforeEach(() => {
    delete window.dataLayer;
    delete window.gtag;
    forgetDefault();
  });
  afterEach(async () => {
    delete window.dataLayer;
    delete window.gtag;
    await cleanUp();
  });

  const tick = () => new Promise((resolve) => setTimeout(resolve));
  /** The last state Google was told. */
  const told = () => entries().filter((entry) => entry[0] === 'consent').at(-1)!.slice(1);

  /** Ways `next` replaces `old`. */
  const replacements: Record<string, (old: Element, next: Element) => Promise<void> | void> = {
    // Added while the first decides, it waits behind it until that one leaves (as the page's own element waits behind the one tag's).
    waiting: (old, next) => {
      document.body.append(next);
      old.remove();
    },
    // A <body> swap (Turbo).
    swap: (old, next) => old.replaceWith(next),
    // An SPA's route change: removed, and the next mounted in a later task.
    later: async (old, next) => {
      old.remove();
      await tick();
      document.body.append(next);
    },
  };

  it('one with another revision, which asks again, withdraws the grant the page was told', async () => {
    for (const [how, replace] of Object.entries(replacements)) {
      forgetDefault();
      delete window.dataLayer;
      storeDecision(createConsent(['analytics', 'marketing'], [], 1, 'banner'));
      const { el: old } = await mount({ categories: 'analytics marketing', revision: '1', 'google-consent-mode': true });
      expect(told(), how).to.deep.equal(['update', state('granted', 'granted', 'denied')]);
      const next = document.createElement('cookie-consent');
      next.setAttribute('categories', 'analytics marketing');
      next.setAttribute('revision', '2');
      next.toggleAttribute('google-consent-mode', true);
      await replace(old, next);
      await tick();
      expect(next.has('analytics'), how).to.equal(false);
      expect(told(), how).to.deep.equal(['update', state('denied', 'denied', 'denied')]);
      await cleanUp();
    }
  });

  it('one with fewer categories tells only what it grants; one that agrees tells nothing more', async () => {
    storeDecision(createConsent(['analytics', 'marketing'], [], 0, 'banner'));
    const { el: old } = await mount({ categories: 'analytics marketing', 'google-consent-mode': true });
    const { el: next } = await mount({ categories: 'analytics', 'google-consent-mode': true });
    old.remove();
    await tick();
    const { el: same } = await mount({ categories: 'analytics', 'google-consent-mode': true });
    next.remove();
    await tick();
    expect(same.has('analytics')).to.equal(true);
    expect(entries().slice(1)).to.deep.equal([
      ['consent', 'update', state('granted', 'granted', 'denied')],
      ['consent', 'update', state('granted', 'denied', 'denied')],
    ]);
  });
});
