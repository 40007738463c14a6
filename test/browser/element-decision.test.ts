// When the banner shows, what the element decides on its own (GPC), the JavaScript API, the events
// and the cookie they write: CONTRACT sections 2, 3 and 5, with real cookies.
import { expect } from '@open-wc/testing';
import { decodeConsent, encodeConsent } from '../../src/consent/index.js';
import {
  banner,
  allow,
  cleanUp,
  configured,
  dialog,
  cookieValue,
  createConsent,
  mount,
  storeDecision,
  until,
  warnings,
  type CookieConsent,
} from './element-helpers.js';
import type { ConsentChangeDetail } from '../../src/index.js';

const DAY = 86_400_000;

describe('<cookie-consent> decision', () => {
  afterEach(cleanUp);

  describe('shows the banner', () => {
    it('when no decision is stored', async () => {
      const { el, ready } = await mount({ categories: 'analytics marketing' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
      expect((await ready).consent).to.equal(null);
    });

    it('not when a valid decision is stored, and consent is that decision', async () => {
      const stored = createConsent(['analytics'], ['marketing'], 0, 'banner');
      storeDecision(stored);
      const { el, ready } = await mount({ categories: 'analytics marketing' });
      expect(banner(el)).to.equal(null);
      expect(el.consent).to.deep.equal(stored);
      expect((await ready).consent).to.deep.equal(stored);
      expect(el.has('analytics')).to.equal(true);
      expect(el.has('marketing')).to.equal(false);
    });

    it('when the stored decision is for another revision', async () => {
      storeDecision(createConsent(['analytics'], [], 1, 'banner'));
      const { el } = await mount({ categories: 'analytics', revision: '2' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
      expect(el.has('analytics')).to.equal(false);
    });

    it('not when the stored decision is for this revision', async () => {
      storeDecision(createConsent(['analytics'], [], 2, 'banner'));
      const { el } = await mount({ categories: 'analytics', revision: '2' });
      expect(banner(el)).to.equal(null);
    });

    it('when the stored decision has expired', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now() - 10 * DAY));
      const { el } = await mount({ categories: 'analytics', 'expires-days': '7' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
    });

    it('when the stored decision is dated more than 5 minutes ahead (forged, or it would never expire)', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now() + 10 * 60_000));
      const { el } = await mount({ categories: 'analytics' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
    });

    it('not when the stored decision is younger than expires-days', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now() - 5 * DAY));
      const { el } = await mount({ categories: 'analytics', 'expires-days': '7' });
      expect(banner(el)).to.equal(null);
    });

    it('when a configured category is not covered by the stored decision, which still grants what it grants', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics marketing' });
      expect(banner(el)).to.exist;
      // The visitor said yes to analytics for this revision; only marketing is still to be asked about.
      expect([el.has('analytics'), el.has('marketing')]).to.deep.equal([true, false]);
      // No valid decision yet (CONTRACT section 3): `consent` stays null until marketing is answered too.
      expect(el.consent).to.equal(null);
    });

    it('when the stored cookie is malformed', async () => {
      document.cookie = 'cookie_consent=v=1&r=0&garbage; Path=/';
      const { el } = await mount({ categories: 'analytics' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
    });

    it('never when categories is empty, and consent-ready still fires', async () => {
      const { el, ready } = await mount({});
      expect(banner(el)).to.equal(null);
      expect((await ready).consent).to.equal(null);
      expect(el.has('necessary')).to.equal(true);
      expect(await configured(el)).to.deep.equal([]);
    });

    it('reads the cookie named by cookie-name', async () => {
      storeDecision(createConsent([], ['analytics'], 0, 'banner'), 'site_choice');
      const { el } = await mount({ categories: 'analytics', 'cookie-name': 'site_choice' });
      expect(banner(el)).to.equal(null);
      expect(el.consent?.categories).to.deep.equal({ necessary: true, analytics: false });
    });

    it('again when categories grows after start-up', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics' });
      expect(banner(el)).to.equal(null);
      el.setAttribute('categories', 'analytics marketing');
      await el.updateComplete;
      expect(banner(el)).to.exist;
      expect([el.has('analytics'), el.has('marketing')]).to.deep.equal([true, false]);
      expect(el.consent).to.equal(null);
    });
  });

  describe('API', () => {
    let el: CookieConsent;
    let changes: Awaited<ReturnType<typeof mount>>['changes'];
    beforeEach(async () => {
      ({ el, changes } = await mount({ categories: 'preferences analytics marketing' }));
    });

    it('acceptAll() grants every category, writes the cookie, hides the banner and announces it', async () => {
      el.acceptAll();
      await el.updateComplete;
      expect(banner(el)).to.equal(null);
      const consent = el.consent!;
      expect(consent.categories).to.deep.equal({ necessary: true, preferences: true, analytics: true, marketing: true });
      expect(consent.source).to.equal('api');
      expect(consent.revision).to.equal(0);
      expect(consent.id).to.match(/^[A-Za-z0-9_-]{12}$/);
      expect(Math.abs(consent.timestamp - Date.now())).to.be.below(5000);
      expect(decodeConsent(cookieValue())).to.deep.equal(consent);
      expect(changes).to.deep.equal([{ consent, granted: ['preferences', 'analytics', 'marketing'], revoked: [] }]);
    });

    it('rejectAll() refuses every optional category', async () => {
      el.rejectAll();
      expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: false, analytics: false, marketing: false });
      expect(el.has('analytics')).to.equal(false);
      expect(el.has('necessary')).to.equal(true);
      expect(decodeConsent(cookieValue())!.categories.marketing).to.equal(false);
      expect(changes[0]).to.deep.include({ granted: [], revoked: [] });
    });

    it('acceptCategories() grants exactly those, refuses the rest; granted/revoked follow the change', () => {
      el.acceptCategories(['analytics']);
      expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: false, analytics: true, marketing: false });
      el.acceptCategories(['marketing', 'necessary']);
      expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: false, analytics: false, marketing: true });
      expect(changes.map(({ granted, revoked }) => ({ granted, revoked }))).to.deep.equal([
        { granted: ['analytics'], revoked: [] },
        { granted: ['marketing'], revoked: ['analytics'] },
      ]);
    });

    it('acceptCategories() takes one id as a string, and any iterable of ids', async () => {
      const seen = await warnings(() => {
        el.acceptCategories('analytics');
        expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: false, analytics: true, marketing: false });
        el.acceptCategories(new Set(['marketing']));
        expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: false, analytics: false, marketing: true });
        el.acceptCategories(new Map([['preferences', true]]).keys());
        expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: true, analytics: false, marketing: false });
      });
      expect(decodeConsent(cookieValue())!.categories.preferences).to.equal(true);
      expect(changes.map(({ granted }) => granted)).to.deep.equal([['analytics'], ['marketing'], ['preferences']]);
      expect(seen).to.deep.equal([]);
    });

    it('acceptCategories() warns once about what is not a list of ids, and records nothing', async () => {
      el.acceptCategories(['analytics']);
      const before = cookieValue();
      const seen = await warnings(() => {
        for (const value of [undefined, 5, { analytics: true }, undefined]) el.acceptCategories(value as unknown as string[]);
      });
      expect(el.has('analytics')).to.equal(true);
      expect(cookieValue()).to.equal(before);
      expect(changes).to.have.length(1);
      expect(seen).to.have.length(3);
      for (const message of seen) expect(message).to.contain('acceptCategories()');
    });

    it('acceptCategories() warns once about each invalid id and skips it', async () => {
      const seen = await warnings(() => {
        el.acceptCategories(['__proto__', 'bad id', 'analytics', 'bad id']);
        el.acceptCategories(['__proto__', 'bad id', 'analytics', Symbol('x') as unknown as string]);
      });
      expect(Object.keys(el.consent!.categories)).to.have.members(['necessary', 'preferences', 'analytics', 'marketing']);
      expect(el.has('analytics')).to.equal(true);
      expect(seen).to.have.length(3);
      expect(seen[0]).to.contain('acceptCategories()').and.contain('"__proto__"');
      expect(seen[1]).to.contain('acceptCategories()').and.contain('"bad id"');
      expect(seen[2]).to.contain('acceptCategories()').and.contain('"Symbol(x)"');
    });

    it('the decision is read-only for the page', () => {
      el.rejectAll();
      expect(() => {
        el.consent!.categories.analytics = true;
      }).to.throw(TypeError);
      expect(el.has('analytics')).to.equal(false);
    });

    it('every decision gets a fresh id and timestamp', () => {
      el.acceptAll();
      const first = el.consent!;
      el.acceptAll();
      expect(el.consent!.id).not.to.equal(first.id);
      expect(changes[1]).to.deep.include({ granted: [], revoked: [] });
    });

    it('the id drawn ahead while the page is idle serves one decision only', async () => {
      await new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve));
      el.acceptAll();
      const first = el.consent!.id;
      el.rejectAll();
      const second = el.consent!.id;
      expect(first).to.match(/^[A-Za-z0-9_-]{12}$/);
      expect(second).to.match(/^[A-Za-z0-9_-]{12}$/);
      expect(second).not.to.equal(first);
    });

    it('the cookie holds the encoded record byte for byte (nothing escaped on the way)', () => {
      el.acceptCategories(['analytics', 'marketing']);
      expect(cookieValue()).to.equal(encodeConsent(el.consent!));
    });

    it('acceptCategories() and grant() warn about a missing id (null, undefined) instead of recording it as a category', async () => {
      // As when a site passes `button.dataset.category` of a button without one.
      const seen = await warnings(() => {
        el.acceptCategories(['analytics', undefined as unknown as string, null as unknown as string]);
        el.grant(undefined as unknown as string);
      });
      expect(Object.keys(el.consent!.categories)).to.have.members(['necessary', 'preferences', 'analytics', 'marketing']);
      expect(cookieValue()).not.to.match(/undefined|null/);
      expect(el.has(undefined as unknown as string) || el.has(null as unknown as string)).to.equal(false);
      // Nothing throws into the page, even for a value that has no text: it is no id, so nothing grants it.
      expect([Object.create(null), Symbol('analytics'), ['analytics']].map((id) => el.has(id as string))).to.deep.equal([false, false, false]);
      expect(seen).to.have.length(3);
      expect(seen[0]).to.contain('acceptCategories()').and.contain('"undefined"');
      expect(seen[1]).to.contain('acceptCategories()').and.contain('"null"');
      expect(seen[2]).to.contain('grant()').and.contain('"undefined"');
    });

    it('an embed placeholder\'s Allow adds one category and keeps the others', async () => {
      el.acceptCategories(['preferences']);
      await allow('marketing');
      expect(el.consent!.categories).to.deep.equal({ necessary: true, preferences: true, analytics: false, marketing: true });
      expect(el.consent!.source).to.equal('placeholder');
      expect(changes[1]).to.deep.include({ granted: ['marketing'], revoked: [] });
    });

    it('an embed placeholder\'s Allow before any decision grants that category and decides nothing else: the banner stays for the rest', async () => {
      await allow('analytics');
      expect(cookieValue()).to.match(/&s=placeholder&g=analytics&d=$/);
      expect(el.has('analytics')).to.equal(true);
      // Not a valid decision while preferences and marketing are unanswered: the banner asks about them.
      expect(el.consent).to.equal(null);
      await el.updateComplete;
      expect(banner(el)).to.exist;
    });

    it('hide(), showBanner() and showPreferences() change only what is shown', async () => {
      el.hide();
      await el.updateComplete;
      expect(banner(el)).to.equal(null);
      el.showBanner();
      await el.updateComplete;
      expect(banner(el)).to.exist;
      el.showPreferences();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog[part~="dialog"]')).to.have.property('open', true);
      el.hide();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
      expect(el.consent).to.equal(null);
      expect(cookieValue()).to.equal(undefined);
      expect(changes).to.deep.equal([]);
    });

    it('showBanner() shows it again after a decision', async () => {
      el.acceptAll();
      el.showBanner();
      await el.updateComplete;
      expect(banner(el)).to.exist;
    });

    it('reset() deletes the cookie, shows the banner and announces the revocation', async () => {
      el.acceptCategories(['analytics']);
      await el.updateComplete;
      el.reset();
      await el.updateComplete;
      expect(cookieValue()).to.equal(undefined);
      expect(el.consent).to.equal(null);
      expect(el.has('analytics')).to.equal(false);
      expect(banner(el)).to.exist;
      expect(changes[1]).to.deep.equal({ consent: null, granted: [], revoked: ['analytics'] });
    });

    it('reset() with only necessary cookies forgets the decision but has nothing to ask', async () => {
      const { el: plain } = await mount({});
      plain.acceptAll();
      expect(cookieValue()).not.to.equal(undefined);
      plain.reset();
      await plain.updateComplete;
      expect(cookieValue()).to.equal(undefined);
      expect(banner(plain)).to.equal(null);
    });

    it('keeps the decision for the page view when the cookie cannot be written', async () => {
      // A valid cookie name, but with the value over the 4096 bytes a browser keeps of one cookie.
      const name = 'c'.repeat(4100);
      el.setAttribute('cookie-name', name);
      const seen = await warnings(() => el.acceptAll());
      expect(cookieValue(name)).to.equal(undefined);
      expect(el.consent!.categories.analytics).to.equal(true);
      expect(el.has('marketing')).to.equal(true);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('did not store');
    });
  });

  describe('events', () => {
    it('consent-ready fires once, bubbling and composed, after start-up', async () => {
      const heard: Event[] = [];
      const listen = (event: Event) => heard.push(event);
      document.addEventListener('consent-ready', listen);
      try {
        const el = document.createElement('cookie-consent');
        el.setAttribute('categories', 'analytics');
        const ready = new Promise((resolve) => el.addEventListener('consent-ready', resolve, { once: true }));
        document.body.append(el);
        // Not synchronously with connect: a script after the element can still listen.
        expect(heard).to.have.length(0);
        await Promise.resolve();
        expect(heard, 'nor in a microtask').to.have.length(0);
        await ready;
        expect(heard).to.have.length(1);
        expect(heard[0]!.bubbles).to.equal(true);
        expect(heard[0]!.composed).to.equal(true);
        expect(heard[0]!.target).to.equal(el);
        el.acceptAll();
        el.remove();
        document.body.append(el);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(heard).to.have.length(1);
      } finally {
        document.removeEventListener('consent-ready', listen);
      }
    });

    it('consent-change bubbles to document and crosses shadow roots', async () => {
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'open' });
      document.body.append(host);
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics');
      root.append(el);
      let heard: CustomEvent | undefined;
      const listen = (event: Event) => (heard = event as CustomEvent);
      document.addEventListener('consent-change', listen);
      try {
        el.acceptAll();
        expect(heard!.detail.consent.categories.analytics).to.equal(true);
      } finally {
        document.removeEventListener('consent-change', listen);
        host.remove();
      }
    });
    it('a decision made inside a consent-change listener is announced after the one being announced, to every listener', async () => {
      const { el } = await mount({ categories: 'analytics marketing' });
      // The site narrows an Accept all from its own listener; a listener added later must end with the narrowed decision.
      el.addEventListener('consent-change', (event) => event.detail.consent?.categories.marketing && el.acceptCategories(['analytics']));
      const later: ConsentChangeDetail[] = [];
      el.addEventListener('consent-change', (event) => later.push(event.detail));
      el.acceptAll();
      expect(later.map(({ granted, revoked }) => [granted, revoked])).to.deep.equal([
        [['analytics', 'marketing'], []],
        [[], ['marketing']],
      ]);
      expect(later.at(-1)!.consent).to.equal(el.consent);
    });
  });

  describe('two elements on one page', () => {
    it('one taken out and put back in the task another came in (a framework re-rendering) defers, and stops answering triggers', async () => {
      const trigger = document.createElement('button');
      trigger.dataset.cookieConsent = 'reject-all';
      document.body.prepend(trigger);
      try {
        const { el: first, changes } = await mount({ categories: 'analytics' });
        const seen = await warnings(async () => {
          const next = document.createElement('cookie-consent');
          next.setAttribute('categories', 'analytics');
          first.remove();
          document.body.append(next);
          document.body.append(first);
          await new Promise((resolve) => setTimeout(resolve, 20));
        });
        expect(seen.join(' ')).to.contain('another <cookie-consent>');
        const heard: unknown[] = [];
        const listen = (event: Event) => heard.push(event.target);
        document.addEventListener('consent-change', listen);
        try {
          trigger.click();
          // One decision, by the element that decides now: the one put back records none of its own.
          expect(heard).to.have.length(1);
          expect(changes).to.have.length(0);
        } finally {
          document.removeEventListener('consent-change', listen);
        }
      } finally {
        trigger.remove();
      }
    });

    it('make one decision: the second warns once, renders nothing, and passes its API calls to the first', async () => {
      const trigger = document.createElement('button');
      trigger.dataset.cookieConsent = 'reject-all';
      document.body.prepend(trigger);
      try {
        let first!: Awaited<ReturnType<typeof mount>>;
        let second!: Awaited<ReturnType<typeof mount>>;
        const seen = await warnings(async () => {
          first = await mount({ categories: 'analytics marketing' });
          second = await mount({ categories: 'analytics' });
          await new Promise((resolve) => setTimeout(resolve, 20)); // the warning waits for the page to be parsed
        });
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('another <cookie-consent>');
        expect(banner(first.el)).to.exist;
        expect(second.el.shadowRoot!.childElementCount).to.equal(0);

        trigger.click();
        expect(first.changes).to.have.length(1);
        expect(second.changes).to.have.length(0);
        expect(document.cookie.match(/cookie_consent=/g)).to.have.length(1);
        expect(second.el.consent).to.equal(first.el.consent);

        second.el.acceptAll();
        expect(first.changes).to.have.length(2);
        expect([second.el.has('marketing'), first.el.has('marketing')]).to.deep.equal([true, true]);

        // The first leaves: the second takes over, with its own configuration and the stored decision.
        first.el.remove();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await configured(second.el)).to.deep.equal(['analytics']);
        expect(second.el.has('analytics')).to.equal(true);
        trigger.click();
        expect(second.changes).to.have.length(1);
        expect(second.el.has('analytics')).to.equal(false);
      } finally {
        trigger.remove();
      }
    });

    it('the one that takes over keeps a decision the browser would not store: it holds for the page view', async () => {
      // opt-out, where a lost refusal would grant; a valid cookie name, but with the value over the 4096 bytes a browser keeps of one cookie.
      const attributes = { categories: 'analytics', mode: 'opt-out', 'cookie-name': 'c'.repeat(4100) };
      await warnings(async () => {
        // The first removed while a second waits behind it; then one replaced in a <body> swap (Turbo); then one
        // removed, and the next mounted in a later task (an SPA's route change).
        for (const how of ['waiting', 'swap', 'later'] as const) {
          const { el: old } = await mount(attributes);
          const next = how === 'waiting' ? (await mount(attributes)).el : document.createElement('cookie-consent');
          old.rejectAll();
          const { id } = old.consent!;
          if (how !== 'waiting') for (const [name, value] of Object.entries(attributes)) next.setAttribute(name, value);
          if (how === 'swap') old.replaceWith(next);
          else old.remove();
          if (how === 'later') {
            await new Promise((resolve) => setTimeout(resolve));
            document.body.append(next);
          }
          await new Promise((resolve) => setTimeout(resolve));
          expect(cookieValue(attributes['cookie-name'])).to.equal(undefined);
          expect([next.has('analytics'), next.consent?.id]).to.deep.equal([false, id]);
          await cleanUp();
        }
      });
    });
  });

  describe('a decision asked for in the task that adds the element', () => {
    it('closes the preferences dialog asked for before it, as one made later does', async () => {
      const el = document.createElement('cookie-consent') as CookieConsent;
      el.setAttribute('categories', 'analytics');
      document.body.append(el);
      el.showPreferences();
      el.acceptAll();
      await until(() => el.consent, 'the decision');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await el.updateComplete;
      expect(dialog(el)?.open ?? false).to.equal(false);
      expect(cookieValue()).to.match(/&s=api&g=analytics&d=$/);
    });
  });

  describe('a decision the browser would not store, after its element left', () => {
    it("an element mounted later keeps its refusals, not its grants: with no element, this page heard no other tab's withdrawal", async () => {
      const attributes = { categories: 'analytics marketing', 'cookie-name': 'c'.repeat(4100) };
      await warnings(async () => {
        const { el: old } = await mount(attributes);
        old.acceptCategories(['analytics']);
        old.remove();
        await new Promise((resolve) => setTimeout(resolve));
        const { el: next } = await mount(attributes);
        expect([next.has('analytics'), next.has('marketing'), next.consent]).to.deep.equal([false, false, null]);
        expect(banner(next)).to.exist;
      });
    });
  });

  describe('life cycle', () => {
    it('a move within the page keeps it running: same state, no second start', async () => {
      const { el, ready } = await mount({ categories: 'analytics' });
      await ready;
      let readies = 0;
      el.addEventListener('consent-ready', () => readies++);
      el.acceptCategories(['analytics']);
      const holder = document.createElement('div');
      document.body.append(holder);
      holder.append(el); // disconnect + connect in one task
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(el.has('analytics')).to.equal(true);
      expect(banner(el)).to.equal(null);
      expect(readies).to.equal(0);
      holder.remove();
    });

    it('showPreferences() on an element out of the page does not throw, and opens once it is added', async () => {
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics');
      el.showPreferences(); // nothing renders before the first connect
      document.body.append(el);
      await el.updateComplete;
      expect((el.shadowRoot!.querySelector('dialog[part~="dialog"]') as HTMLDialogElement).open).to.equal(true);
      // Removed, then asked again: the view still renders, but no modal dialog opens out of the page.
      el.hide();
      await el.updateComplete;
      el.remove();
      el.showPreferences();
      await el.updateComplete;
      expect((el.shadowRoot!.querySelector('dialog[part~="dialog"]') as HTMLDialogElement).open).to.equal(false);
      document.body.append(el);
      await el.updateComplete;
      expect((el.shadowRoot!.querySelector('dialog[part~="dialog"]') as HTMLDialogElement).open).to.equal(true);
    });

    it('one replaced (a page that swaps its <body>, as Turbo does) passes its API calls to the element that replaced it', async () => {
      const { el: old } = await mount({ categories: 'analytics' });
      old.acceptAll();
      old.remove();
      await Promise.resolve();
      const { el } = await mount({ categories: 'analytics' });
      el.rejectAll();
      // A script that kept the old element asks it: the answer is the visitor's latest, not the old element's memory.
      expect(old.has('analytics')).to.equal(false);
      expect(old.consent).to.equal(el.consent);
      old.showPreferences();
      await el.updateComplete;
      expect(dialog(el)!.open).to.equal(true);
      old.acceptCategories(['analytics']);
      expect(el.has('analytics')).to.equal(true);
    });

    it('one replaced passes its API calls on already in the task of the swap, before it has stopped', async () => {
      const { el: old } = await mount({ categories: 'analytics' });
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics');
      old.replaceWith(el);
      old.acceptAll(); // a handler of the old page that runs on in this task
      expect(el.has('analytics')).to.equal(true);
      expect(old.consent).to.equal(el.consent);
      await el.updateComplete;
      expect(banner(el)).to.equal(null);
    });

    // Angular sets an element's bound properties right after inserting it, in the same task; a script may too.
    it('properties set right after the element was added count before anything is released: the cookie they name decides', async () => {
      // An older acceptance under the default name (another app of the domain), the visitor's refusal under the site's own.
      storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now() - DAY));
      storeDecision(createConsent([], ['analytics'], 0, 'banner'), 'site_consent');
      const ran = window as unknown as { __ranFramework?: boolean };
      const tag = document.createElement('script');
      tag.type = 'text/plain';
      tag.dataset.category = 'analytics';
      tag.text = 'window.__ranFramework = true';
      document.body.append(tag);
      const el = document.createElement('cookie-consent');
      try {
        document.body.append(el);
        el.categories = 'analytics';
        el.cookieName = 'site_consent';
        await el.updateComplete;
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(el.has('analytics')).to.equal(false);
        expect(el.consent!.categories.analytics).to.equal(false);
        expect(ran.__ranFramework, 'the tagged script never ran').to.equal(undefined);
      } finally {
        tag.remove();
        delete ran.__ranFramework;
      }
    });

    it('a revision set after start-up makes the decision stored for it count: announced as granted, no banner', async () => {
      storeDecision(createConsent(['analytics'], [], 2, 'banner'));
      const { el, changes } = await mount({ categories: 'analytics' });
      expect(banner(el), 'a decision for another revision').to.exist;
      el.revision = 2;
      await el.updateComplete;
      expect(el.consent?.revision).to.equal(2);
      expect(el.has('analytics')).to.equal(true);
      expect(banner(el)).to.equal(null);
      expect(changes.at(-1)).to.deep.include({ granted: ['analytics'], revoked: [] });
    });

    // A script that kept a reference to an element a framework removed, or made one and never added it.
    it('a decision asked of an element out of the page, with none in it, is stored and says once that nothing acts on it', async () => {
      const { el: removed } = await mount({ categories: 'analytics' });
      removed.remove();
      await Promise.resolve();
      const never = document.createElement('cookie-consent');
      never.setAttribute('categories', 'analytics');
      for (const el of [removed, never]) {
        const told = await warnings(() => {
          el.rejectAll();
          el.acceptAll();
          el.reset();
        });
        expect(told.filter((text) => text.includes('not in the page')), el === never ? 'never added' : 'removed').to.have.length(1);
      }
      never.acceptAll();
      expect(decodeConsent(cookieValue())!.categories).to.deep.equal({ necessary: true, analytics: true });
    });

    it('one taken out and put back in the task another came in defers to it and shows nothing: one banner on the page', async () => {
      const { el: first } = await mount({ categories: 'analytics' });
      expect(banner(first)).to.exist;
      const second = document.createElement('cookie-consent');
      second.setAttribute('categories', 'analytics');
      await warnings(async () => {
        first.remove();
        document.body.append(second);
        document.body.append(first);
        await second.updateComplete;
        await first.updateComplete;
      });
      expect([!!banner(first), !!banner(second)]).to.deep.equal([false, true]);
    });

    // A DOM-diffing library parks the element in a document of its own (no window) and renders a new one in the page.
    it('one moved into a document without a window stops: the page\'s new element decides and shows the banner', async () => {
      const { el: parked } = await mount({ categories: 'analytics' });
      expect(banner(parked)).to.exist;
      document.implementation.createHTMLDocument('').body.append(parked);
      await Promise.resolve();
      let el!: CookieConsent;
      const told = await warnings(async () => {
        ({ el } = await mount({ categories: 'analytics' }));
        await new Promise((resolve) => setTimeout(resolve));
      });
      expect(banner(el)).to.exist;
      el.acceptAll();
      expect(el.has('analytics')).to.equal(true);
      expect(told.filter((text) => text.includes('another <cookie-consent>'))).to.deep.equal([]);
    });

    it('one parked in a document without a window and put back shows its banner styled again', async () => {
      const { el } = await mount({ categories: 'analytics' });
      document.implementation.createHTMLDocument('').body.append(el);
      await Promise.resolve();
      document.body.append(el);
      await el.updateComplete;
      expect(banner(el)).to.exist;
      expect(getComputedStyle(banner(el)!).position).to.equal('fixed');
    });

    // A framework that binds its properties again with the same values (hydration) changes nothing: nothing to announce,
    // and no receipt to send again.
    it('properties set again to what they were announce nothing', async () => {
      storeDecision(createConsent(['analytics'], ['marketing'], 2, 'banner'));
      const { el, changes } = await mount({ categories: 'analytics marketing', revision: '2' });
      el.categories = 'analytics marketing';
      el.revision = 2;
      el.setAttribute('cookie-name', 'cookie_consent');
      await el.updateComplete;
      el.mode = 'opt-in';
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(true);
      expect(changes).to.deep.equal([]);
    });

    it('a revision raised at run time over a decision: it no longer counts, what it granted is announced as revoked', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el, changes } = await mount({ categories: 'analytics' });
      expect(el.has('analytics')).to.equal(true);
      el.setAttribute('revision', '1');
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(false);
      expect(el.consent).to.equal(null);
      expect(banner(el)).to.exist;
      expect(changes).to.deep.equal([{ consent: null, granted: [], revoked: ['analytics'] }]);
    });

    it('one that replaces an element (a <body> swap) does not bring back a decision whose cookie was deleted meanwhile, nor one of another cookie', async () => {
      for (const [name, next] of [['cookie_consent', 'cookie_consent'], ['shop_consent', 'blog_consent']]) {
        storeDecision(createConsent(['analytics'], [], 0, 'banner'), name);
        const { el: old } = await mount({ categories: 'analytics', 'cookie-name': name });
        expect(old.has('analytics')).to.equal(true);
        // Deleted behind the page's back (the site's server answered a request with Max-Age=0).
        document.cookie = `${name}=; Path=/; Max-Age=0`;
        const el = document.createElement('cookie-consent');
        el.setAttribute('categories', 'analytics');
        el.setAttribute('cookie-name', next);
        old.replaceWith(el);
        await el.updateComplete;
        expect(el.has('analytics'), name).to.equal(false);
        expect(el.consent, name).to.equal(null);
        expect(banner(el), name).to.exist;
        el.remove();
        await Promise.resolve();
      }
    });

    it('a decision asked for in the task that added the element uses the properties set before it (the cookie they name)', async () => {
      storeDecision(createConsent(['analytics'], ['marketing'], 0, 'banner'), 'my_consent');
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics marketing');
      document.body.append(el);
      el.cookieName = 'my_consent';
      el.grant('marketing');
      await el.updateComplete;
      expect(decodeConsent(cookieValue('my_consent'))!.categories).to.deep.include({ analytics: true, marketing: true });
      expect(el.consent).to.not.equal(null);
    });

    it('a setting changed and a decision made in one task are announced once', async () => {
      const { el, changes } = await mount({ categories: 'analytics' });
      el.revision = 2;
      el.acceptAll();
      await el.updateComplete;
      expect(changes).to.have.length(1);
      expect(changes[0]).to.deep.include({ granted: ['analytics'], revoked: [] });
    });

    it('reads the cookie again when added back after a removal', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.remove();
      await Promise.resolve();
      storeDecision(createConsent(['analytics'], [], 0, 'api'));
      document.body.append(el);
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(true);
      expect(banner(el)).to.equal(null);
    });
  });

  describe('google-consent-mode', () => {
    const layer = () => ((window as unknown as { dataLayer?: IArguments[] }).dataLayer ?? []).map((entry) => Array.from(entry));

    it('off: the element tells Google nothing', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.acceptAll();
      expect(layer()).to.deep.equal([]);
    });

    it('on: the default is pushed synchronously at start-up, an update for each decision', async () => {
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics marketing');
      el.setAttribute('google-consent-mode', '');
      document.body.append(el);
      // Before any await: the default is already there.
      expect(layer()).to.have.length(1);
      expect(layer()[0]!.slice(0, 2)).to.deep.equal(['consent', 'default']);
      el.acceptCategories(['analytics']);
      const last = layer().at(-1)!;
      expect(last.slice(0, 2)).to.deep.equal(['consent', 'update']);
      expect(last[2]).to.deep.include({ analytics_storage: 'granted', ad_storage: 'denied' });
    });
  });

  it('reload-on-revoke is told to the blocking through the property', async () => {
    const { el } = await mount({ categories: 'analytics', 'reload-on-revoke': true });
    expect(el.reloadOnRevoke).to.equal(true);
  });

  describe('opt-out', () => {
    it('counts optional categories as granted before a decision, still shows the banner', async () => {
      const { el, ready } = await mount({ categories: 'analytics marketing', mode: 'opt-out' });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
      expect(el.has('analytics')).to.equal(true);
      expect(el.has('marketing')).to.equal(true);
      expect(el.has('other')).to.equal(false);
      expect((await ready).consent).to.equal(null);
    });

    it('a refusal revokes what counted as granted', async () => {
      const { el, changes } = await mount({ categories: 'analytics marketing', mode: 'opt-out' });
      el.rejectAll();
      expect(el.has('analytics')).to.equal(false);
      expect(changes[0]).to.deep.include({ granted: [], revoked: ['analytics', 'marketing'] });
    });

    it('a stored refusal wins over opt-out', async () => {
      storeDecision(createConsent([], ['analytics'], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      expect(el.has('analytics')).to.equal(false);
      expect(banner(el)).to.equal(null);
    });
  });

  describe('Global Privacy Control', () => {
    let descriptor: PropertyDescriptor | undefined;
    let reads = 0;
    beforeEach(() => {
      descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl');
      reads = 0;
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => (reads++, true) });
    });
    afterEach(() => {
      if (descriptor) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', descriptor);
      else delete (Navigator.prototype as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    });

    it('refuses every optional category with source "gpc", writes it, shows no banner', async () => {
      const { el, ready, changes } = await mount({ categories: 'analytics marketing' });
      expect(banner(el)).to.equal(null);
      const consent = el.consent!;
      expect(consent.source).to.equal('gpc');
      expect(consent.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(decodeConsent(cookieValue())).to.deep.equal(consent);
      expect((await ready).consent).to.deep.equal(consent);
      expect(changes).to.deep.equal([{ consent, granted: [], revoked: [] }]);
      expect(reads).to.be.above(0);
    });

    it('also in opt-out mode: nothing counts as granted', async () => {
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      expect(el.has('analytics')).to.equal(false);
      expect(el.consent!.source).to.equal('gpc');
    });

    it('in opt-out mode, still means no after reset(): nothing counts as granted while the banner asks again', async () => {
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      el.reset();
      expect(el.consent).to.equal(null);
      expect(el.has('analytics')).to.equal(false);
    });

    it('also when the categories come after start-up: the refusal is recorded then, and no banner shows', async () => {
      const { el, changes } = await mount({});
      expect(el.consent).to.equal(null);
      el.categories = 'analytics';
      await el.updateComplete;
      expect(el.consent!.source).to.equal('gpc');
      expect(el.has('analytics')).to.equal(false);
      expect(banner(el)).to.equal(null);
      expect(changes).to.have.length(1);
    });

    it('is off where the browser says false (Firefox with GPC off): opt-out grants, opt-in asks', async () => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => false });
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      expect(el.has('analytics')).to.equal(true);
      expect(el.consent).to.equal(null);
      el.remove();
      const { el: asking } = await mount({ categories: 'analytics' });
      expect(asking.consent).to.equal(null);
      expect(banner(asking)).not.to.equal(null);
    });

    it('does not override a stored decision', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics' });
      expect(el.has('analytics')).to.equal(true);
      expect(el.consent!.source).to.equal('banner');
    });

    it('refuses a category added since a decision, keeping the visitor\'s grant with its date (it expires when it would have)', async () => {
      const given = Date.now() - 100 * 86_400_000;
      storeDecision(createConsent(['analytics'], [], 0, 'banner', given));
      const { el } = await mount({ categories: 'analytics marketing' });
      expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
      expect([el.consent!.source, el.consent!.timestamp]).to.deep.equal(['gpc', given + 1]);
      expect(decodeConsent(cookieValue())!.timestamp).to.equal(given + 1);
    });

    // In opt-out mode, what ignore-gpc let count as granted (and released) is refused once it goes: announced so.
    it('applies when ignore-gpc is removed at run time, and announces what opt-out had granted as revoked', async () => {
      const { el, changes } = await mount({ categories: 'analytics', mode: 'opt-out', 'ignore-gpc': true });
      expect(el.has('analytics')).to.equal(true);
      el.removeAttribute('ignore-gpc');
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(false);
      expect(el.consent!.source).to.equal('gpc');
      expect(changes).to.deep.equal([{ consent: el.consent, granted: [], revoked: ['analytics'] }]);
    });

    // A page that has not touched `navigator` pays 16 KB of heap for its bindings on the first read.
    it('is not even read on a returning visit with a valid decision', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el, ready } = await mount({ categories: 'analytics' });
      await ready;
      expect(el.has('analytics')).to.equal(true);
      expect(reads).to.equal(0);
    });

    // A view that woke up after its element had left the page asked the decision (so GPC) again.
    it('is not read by an element that has left the page, nor is its banner announced there', async () => {
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      el.reset();
      await el.updateComplete;
      expect(banner(el)).to.exist;
      el.remove();
      await Promise.resolve();
      await el.updateComplete;
      reads = 0;
      // Longer than the banner's title waits before it goes into the live region (100 ms).
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(reads).to.equal(0);
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('');
    });

    it('is ignored with ignore-gpc', async () => {
      const { el } = await mount({ categories: 'analytics', 'ignore-gpc': true });
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
      expect(cookieValue()).to.equal(undefined);
    });

    it('records nothing when there are no categories', async () => {
      const { el } = await mount({});
      expect(el.consent).to.equal(null);
      expect(cookieValue()).to.equal(undefined);
    });
  });
});
