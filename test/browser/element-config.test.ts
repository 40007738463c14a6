// Every attribute of CONTRACT section 2: its default, its effect, and the warning (once, naming the
// attribute) with the default in use when its value is bad. Real cookies throughout.
import { expect } from '@open-wc/testing';
import { decodeConsent } from '../../src/consent/index.js';
import { mayUseDomain } from '../../src/element/config.js';
import { registerTexts } from '../../src/index.js';
import { $, banner, cleanUp, configured, cookieValue, createConsent, labelOf, language, mount, storeDecision, until, warnings, type CookieConsent } from './element-helpers.js';

/**
 * Like mount(), with properties set before the element starts, as React 19 and Vue set them for every
 * name the element has as a property: a framework's values, not attribute text.
 */
async function mountWithProperties(properties: Record<string, unknown>): Promise<CookieConsent> {
  const el = document.createElement('cookie-consent');
  Object.assign(el, properties);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('<cookie-consent> attributes', () => {
  afterEach(cleanUp);

  it('has the documented defaults', async () => {
    const seen = await warnings(async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.acceptAll();
      expect(decodeConsent(cookieValue('cookie_consent'))!.revision).to.equal(0);
      expect(el.position).to.equal('bottom');
      expect(el.mode).to.equal('opt-in');
      expect(el.revision).to.equal(0);
      expect(el.cookieName).to.equal('cookie_consent');
      expect(el.cookiePath).to.equal('/');
      expect(el.expiresDays).to.equal(182);
      expect(el.ignoreGpc).to.equal(false);
      expect(el.googleConsentMode).to.equal(false);
      expect(el.reloadOnRevoke).to.equal(false);
      expect(el.theme).to.equal('auto');
      expect(el.grantTriggers).to.equal(false);
      expect(el.settingsButton).to.equal(false);
      expect([el.policyUrl, el.cookieDomain, el.receiptUrl]).to.deep.equal([null, null, null]);
      // The palette follows the attribute: unset, the system's (auto); reading the default sets nothing.
      expect(el.hasAttribute('theme')).to.equal(false);
    });
    expect(seen).to.deep.equal([]);
  });

  describe('categories', () => {
    it('takes spaces, commas and both; necessary is implicit; duplicates count once', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: ' analytics,marketing  stats-pro, necessary,analytics ' });
        expect(await configured(el)).to.deep.equal(['analytics', 'marketing', 'stats-pro']);
      });
      expect(seen).to.deep.equal([]);
    });

    it('warns about a bad or empty id once and skips it', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics bad!id,,_x marketing' });
        expect(await configured(el)).to.deep.equal(['analytics', 'marketing']);
        el.setAttribute('mode', 'opt-in'); // validated again
        await el.updateComplete;
        el.acceptAll();
        expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      });
      expect(seen).to.have.length(3);
      for (const message of seen) expect(message).to.contain('categories');
      expect(seen[0]).to.contain('bad!id');
    });

    it('takes at most 64, as the cookie holds them, and warns once naming the first left out: a decision on them reads back', async () => {
      const ids = Array.from({ length: 70 }, (_, i) => `c${i}`);
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: ids.join(' ') });
        expect(await configured(el)).to.deep.equal(ids.slice(0, 64));
        el.rejectAll();
        expect(decodeConsent(cookieValue())?.categories).to.deep.equal(Object.fromEntries([['necessary', true], ...ids.slice(0, 64).map((id) => [id, false])]));
      });
      expect(seen).to.deep.equal(['<cookie-consent>: ignoring categories "c64"; expected at most 64 categories; the first 64 count.']);
    });

    it('takes an array of ids as a property, read like the string', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: ['analytics', 'marketing', 'necessary', 'analytics'] });
        expect(await configured(el)).to.deep.equal(['analytics', 'marketing']);
        expect(banner(el)).to.exist;
        el.acceptAll();
        expect(decodeConsent(cookieValue())!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      });
      expect(seen).to.deep.equal([]);
    });

    it('warns once about a bad id in the array and skips it (an id with a space is not two ids)', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: ['analytics', 'bad id', null] });
        expect(await configured(el)).to.deep.equal(['analytics']);
        el.setAttribute('mode', 'opt-in'); // validated again
        await el.updateComplete;
      });
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('categories').and.contain('"bad id"');
    });

    for (const [name, value] of [
      ['a Set', new Set(['analytics'])],
      ['a plain object', { analytics: true }],
      ['an object without a prototype', Object.create(null)],
      ['a Symbol', Symbol('analytics')],
    ] as const) {
      it(`warns once about ${name} and has no categories; nothing throws`, async () => {
        const seen = await warnings(async () => {
          const el = await mountWithProperties({ categories: value });
          expect(await configured(el)).to.deep.equal([]);
          expect(el.has('analytics')).to.equal(false);
          expect(banner(el)).to.equal(null);
          el.acceptAll();
          expect(el.consent!.categories).to.deep.equal({ necessary: true });
        });
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('categories').and.contain(typeof value === 'symbol' ? '"Symbol(analytics)"' : '[object ');
      });
    }

    it('a later change re-renders the preferences dialog', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.showPreferences();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('input[role="switch"]')).to.have.length(2);
      el.categories = 'analytics marketing';
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('input[role="switch"]')).to.have.length(3);
    });
  });

  describe('policy-url', () => {
    for (const url of ['/privacy', 'privacy.html', 'https://example.com/privacy', 'http://example.com/p', '//example.com/p']) {
      it(`links ${url}`, async () => {
        const { el } = await mount({ categories: 'analytics', 'policy-url': url });
        const link = $(el, 'a[part="policy-link"]') as HTMLAnchorElement;
        expect(link.getAttribute('href')).to.equal(url);
        expect(link.textContent).to.equal('Privacy policy');
      });
    }

    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'mailto:a@b.c', 'http://[bad']) {
      it(`warns about ${JSON.stringify(url)} and shows no link`, async () => {
        const seen = await warnings(async () => {
          const { el } = await mount({ categories: 'analytics', 'policy-url': url });
          expect($(el, 'a')).to.equal(null);
          expect(banner(el)).to.exist;
        });
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('policy-url');
      });
    }

    // Every character the URL parser or String.prototype.trim() may drop, or that hides in text: before,
    // inside the scheme and after. The browser must never get a link to anything but http(s).
    const invisible = [
      ...Array.from({ length: 0x20 }, (_, i) => i),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
      0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
    ].map((code) => String.fromCharCode(code));
    const attacks = invisible.flatMap((c) => [`${c}javascript:alert(document.domain)`, `java${c}script:alert(1)`, `javascript:alert(1)${c}`, `${c}${c}JavaScript:alert(1)${c}`]);

    for (const how of ['attribute', 'property'] as const) {
      it(`never links anything but http(s) for ${attacks.length} values with invisible characters (${how}), and warns about each`, async () => {
        const { el } = await mount({ categories: 'analytics' });
        const bad: string[] = [];
        const seen = await warnings(async () => {
          for (const url of attacks) {
            if (how === 'attribute') el.setAttribute('policy-url', url);
            else el.policyUrl = url;
            await el.updateComplete;
            const link = $(el, 'a') as HTMLAnchorElement | null;
            if (link && !/^https?:$/.test(link.protocol)) bad.push(`${JSON.stringify(url)} → ${link.protocol}`);
          }
        });
        expect(bad).to.deep.equal([]);
        expect(seen.filter((warning) => warning.includes('policy-url'))).to.have.length(attacks.length);
      });
    }

    it('links the exact text given, which the browser resolves as the check did', async () => {
      const { el } = await mount({ categories: 'analytics', 'policy-url': ' /privacy ' });
      const link = $(el, 'a[part="policy-link"]') as HTMLAnchorElement;
      expect(link.getAttribute('href')).to.equal(' /privacy ');
      expect(link.href).to.equal(new URL('/privacy', document.baseURI).href);
    });

    it('takes a URL object as a property (its address)', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: 'analytics', policyUrl: new URL('https://example.com/privacy') });
        expect($(el, 'a[part="policy-link"]')!.getAttribute('href')).to.equal('https://example.com/privacy');
        el.acceptAll();
        expect(el.has('analytics')).to.equal(true);
      });
      expect(seen).to.deep.equal([]);
    });

    it('warns once about an object with no text of its own and shows no link', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: 'analytics', policyUrl: { href: '/privacy' } });
        expect($(el, 'a')).to.equal(null);
        expect(banner(el)).to.exist;
      });
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('policy-url').and.contain('[object Object]');
    });

    it('is linked from the preferences dialog too', async () => {
      const { el } = await mount({ categories: 'analytics', 'policy-url': '/privacy' });
      el.showPreferences();
      await el.updateComplete;
      expect($(el, 'dialog a[part="policy-link"]')!.getAttribute('href')).to.equal('/privacy');
    });

    it('shows no link without it, and follows a later change', async () => {
      const { el } = await mount({ categories: 'analytics' });
      expect($(el, 'a')).to.equal(null);
      el.setAttribute('policy-url', '/cookies');
      await el.updateComplete;
      expect($(el, 'a[part="policy-link"]')!.getAttribute('href')).to.equal('/cookies');
    });
  });

  describe('revision', () => {
    it('is written into the decision', async () => {
      const { el } = await mount({ categories: 'analytics', revision: '7' });
      el.rejectAll();
      expect(decodeConsent(cookieValue())!.revision).to.equal(7);
    });

    it('a numeric string set as the property counts as its number', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: 'analytics', revision: '2' });
        el.acceptAll();
      });
      expect(decodeConsent(cookieValue())!.revision).to.equal(2);
      expect(seen).to.deep.equal([]);
    });

    it('a property that is not a number warns once and uses 0', async () => {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: 'analytics', revision: 'two' });
        el.acceptAll();
      });
      expect(decodeConsent(cookieValue())!.revision).to.equal(0);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('revision').and.contain('"two"');
    });

    for (const value of ['-1', '1.5', 'two']) {
      it(`warns about ${value} and uses 0`, async () => {
        storeDecision(createConsent(['analytics'], [], 0, 'banner'));
        const seen = await warnings(async () => {
          const { el } = await mount({ categories: 'analytics', revision: value });
          expect(banner(el)).to.equal(null); // the revision-0 decision counts
        });
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('revision').and.contain(value);
      });
    }
  });

  describe('cookie-name', () => {
    it('names the cookie; a change applies to the next write', async () => {
      const { el } = await mount({ categories: 'analytics', 'cookie-name': 'first' });
      el.acceptAll();
      expect(cookieValue('first')).to.match(/^v=1&/);
      el.cookieName = 'second';
      el.rejectAll();
      expect(decodeConsent(cookieValue('second'))!.categories.analytics).to.equal(false);
    });

    for (const value of ['bad name', 'semi;colon', 'a=b', 'é']) {
      it(`warns about ${JSON.stringify(value)} and writes cookie_consent`, async () => {
        const seen = await warnings(async () => {
          const { el } = await mount({ categories: 'analytics', 'cookie-name': value });
          el.acceptAll();
        });
        expect(cookieValue()).to.match(/^v=1&/);
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('cookie-name');
      });
    }
    it('stores a name exactly or refuses it: "cc%1" (js-cookie would write cc%251, where no reader looks) warns and writes cookie_consent', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-name': 'cc%1' });
        el.acceptAll();
      });
      expect(cookieValue()).to.match(/^v=1&/);
      expect(cookieValue('cc%251')).to.equal(undefined);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('cookie-name').and.contain('cc%1');
    });

    it('a __Host- name takes no cookie-domain and only cookie-path="/": each conflict warns once, naming it, and is ignored', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-name': '__Host-consent', 'cookie-domain': location.hostname, 'cookie-path': '/shop' });
        el.acceptAll();
        el.reset(); // deletes it with Secure, as a __Host- cookie must be
      });
      const named = seen.filter((message) => /cookie-domain|cookie-path/.test(message));
      expect(named).to.have.length(2);
      expect(named[0]).to.contain('cookie-domain').and.contain('__Host-');
      expect(named[1]).to.contain('cookie-path').and.contain('__Host-');
    });
  });

  describe('cookie-path and cookie-domain', () => {
    it('cookie-path is the Path: a cookie for another path is not visible here', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-path': '/somewhere-else/' });
        el.acceptAll();
        expect(cookieValue()).to.equal(undefined);
        expect(el.has('analytics')).to.equal(true); // kept for this page view
      });
      // Only the store's "not stored" warning: the path itself is valid.
      expect(seen).to.have.length(1);
      expect(seen[0]).not.to.contain('cookie-path');
    });

    it('warns about a path that does not start with / and uses /', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-path': 'shop;x' });
        el.acceptAll();
      });
      expect(cookieValue()).to.match(/^v=1&/);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('cookie-path');
    });

    it('takes this host, with or without a leading dot', async () => {
      for (const domain of [location.hostname, '.' + location.hostname]) {
        const seen = await warnings(async () => {
          const { el } = await mount({ categories: 'analytics', 'cookie-domain': domain });
          el.acceptAll();
        });
        expect(cookieValue(), domain).to.match(/^v=1&/);
        expect(seen, domain).to.deep.equal([]);
        await cleanUp();
      }
    });

    it('warns about a domain this page may not set, naming cookie-domain, and writes a host-only cookie', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-domain': 'example.org' });
        el.acceptAll();
      });
      expect(cookieValue(), 'the consent cookie').to.be.a('string');
      // The attribute's warning, not the store's "did not store the cookie": the decision is kept.
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('cookie-domain').and.contain('example.org').and.contain(location.hostname);
    });

    it('allows the host and its parent domains (RFC 6265 domain-match), not an IP address’s parents', () => {
      const host = 'shop.example.com';
      for (const domain of ['shop.example.com', '.shop.example.com', 'example.com', '.example.com', 'Example.COM']) {
        expect(mayUseDomain(domain, host), domain).to.equal(true);
      }
      for (const domain of ['example.org', 'hop.example.com', 'op.example.com', 'a.shop.example.com', 'com', '.com']) {
        expect(mayUseDomain(domain, host), domain).to.equal(false);
      }
      expect(mayUseDomain('localhost', 'localhost')).to.equal(true);
      expect(mayUseDomain('127.0.0.1', '127.0.0.1')).to.equal(true);
      expect(mayUseDomain('0.0.1', '127.0.0.1')).to.equal(false);
      expect(mayUseDomain('0.1', '127.0.0.1')).to.equal(false);
    });

    it('warns about a malformed domain and writes a host-only cookie', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'cookie-domain': 'example.com; Secure' });
        el.acceptAll();
      });
      expect(cookieValue()).to.match(/^v=1&/);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('cookie-domain');
    });
  });

  describe('expires-days', () => {
    it('sets the lifetime of the cookie (where the browser tells it)', async function (this: Mocha.Context) {
      const store = (window as unknown as { cookieStore?: { get(name: string): Promise<{ expires: number } | null> } }).cookieStore;
      if (!store) this.skip();
      const { el } = await mount({ categories: 'analytics', 'expires-days': '3' });
      el.acceptAll();
      const cookie = await store!.get('cookie_consent');
      if (typeof cookie?.expires !== 'number') this.skip(); // Firefox's cookieStore leaves it out
      expect(Math.abs(cookie!.expires - (Date.now() + 3 * 86_400_000))).to.be.below(60_000);
    });

    it('a numeric string set as the property counts as its number, and the decision is stored', async function (this: Mocha.Context) {
      const seen = await warnings(async () => {
        const el = await mountWithProperties({ categories: 'analytics', expiresDays: '30' });
        el.acceptAll();
      });
      expect(cookieValue(), 'the consent cookie').to.be.a('string');
      expect(seen).to.deep.equal([]);
      const store = (window as unknown as { cookieStore?: { get(name: string): Promise<{ expires: number } | null> } }).cookieStore;
      const cookie = await store?.get('cookie_consent');
      if (typeof cookie?.expires === 'number') expect(Math.abs(cookie.expires - (Date.now() + 30 * 86_400_000))).to.be.below(60_000);
    });

    it('takes one second (Max-Age=1) as the shortest lifetime', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', 'expires-days': '0.0000116' });
        el.acceptAll();
        expect(cookieValue(), 'the consent cookie').to.be.a('string');
      });
      expect(seen).to.deep.equal([]);
    });

    for (const value of ['0.00001', 1e-9]) {
      it(`warns about ${value}, under one second (Max-Age=0 would delete the cookie), and uses 182 days`, async () => {
        const seen = await warnings(async () => {
          const el = await mountWithProperties({ categories: 'analytics', expiresDays: value });
          el.acceptAll();
        });
        expect(cookieValue(), 'the consent cookie').to.be.a('string');
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('expires-days').and.contain(String(value));
      });
    }

    for (const value of ['0', '-3', 'soon', '1e9']) {
      it(`warns about ${value} and uses 182 days`, async () => {
        storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now() - 100 * 86_400_000));
        const seen = await warnings(async () => {
          const { el } = await mount({ categories: 'analytics', 'expires-days': value });
          expect(banner(el)).to.equal(null); // 100 days old is still valid under 182
        });
        expect(seen).to.have.length(1);
        expect(seen[0]).to.contain('expires-days');
      });
    }
  });

  describe('position, theme, mode', () => {
    for (const position of ['bottom', 'top', 'bottom-left', 'bottom-right']) {
      it(`position="${position}"`, async () => {
        const { el } = await mount({ categories: 'analytics', position });
        expect(banner(el)!.classList.contains(position)).to.equal(true);
      });
    }

    it('position="center" is a modal dialog', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      const first = banner(el) as HTMLDialogElement;
      expect(first.localName).to.equal('dialog');
      expect(first.matches(':modal')).to.equal(true);
    });

    it('a bad position warns once and uses bottom; a later change re-renders', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', position: 'middle' });
        expect(banner(el)!.classList.contains('bottom')).to.equal(true);
        el.showPreferences();
        await el.updateComplete;
        el.hide();
        await el.updateComplete;
        el.showBanner();
        el.position = 'top';
        await el.updateComplete;
        expect(banner(el)!.classList.contains('top')).to.equal(true);
      });
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('position').and.contain('middle');
    });

    it('a bad theme or mode warns and uses the default', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount({ categories: 'analytics', theme: 'blue', mode: 'maybe' });
        expect(el.has('analytics')).to.equal(false); // opt-in
      });
      expect(seen).to.have.length(2);
      expect(seen.join()).to.contain('theme').and.contain('mode');
    });

    it('a theme, controller or description with no text (an object without a prototype, a Symbol) throws nothing: the default shows', async () => {
      const { el } = await mount({ categories: 'analytics' });
      const before = banner(el)!.textContent;
      const seen = await warnings(async () => {
        const host = el as unknown as Record<string, unknown>;
        for (const value of [Object.create(null), [Symbol('s')]]) {
          host.theme = value;
          host.controller = value;
          host.description = value;
          await el.updateComplete;
        }
      });
      expect(banner(el)!.textContent).to.equal(before);
      // One warning for each, naming the attribute: the view read no text from either.
      expect(seen.map((warning) => /ignoring theme "\[object (Object|Array)\]"/.test(warning))).to.deep.equal([true, true]);
    });

    it('a controller or description set to an object (no text of its own) warns once each and shows the default', async () => {
      const { el } = await mount({ categories: 'analytics' });
      const before = banner(el)!.textContent;
      const seen = await warnings(async () => {
        const host = el as unknown as Record<string, unknown>;
        for (let i = 0; i < 2; i++) {
          host.controller = { name: 'Example Shop GmbH' };
          host.description = {};
          await el.updateComplete;
        }
      });
      expect(banner(el)!.textContent).to.equal(before);
      expect(banner(el)!.textContent).not.to.contain('[object');
      expect(seen).to.deep.equal(['<cookie-consent>: ignoring controller "[object Object]"; expected text.', '<cookie-consent>: ignoring description "[object Object]"; expected text.']);
    });

    it('a theme change re-styles at once', async () => {
      const { el } = await mount({ categories: 'analytics', theme: 'light' });
      const light = getComputedStyle(banner(el)!).backgroundColor;
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(banner(el)!).backgroundColor).not.to.equal(light);
      expect(el.getAttribute('theme')).to.equal('dark');
    });
  });

  describe('lang', () => {
    it('English by default, rendered at once', async () => {
      const { el } = await mount({ categories: 'analytics', lang: 'en' });
      expect(language(el)).to.equal('en');
      expect($(el, '[part~="accept"]')!.textContent!.trim()).to.equal('Accept all');
      expect($(el, '[part="title"]')!.textContent).to.equal('We use cookies');
    });

    it('another language is loaded and rendered; a later change switches', async () => {
      const { el } = await mount({ categories: 'analytics', lang: 'de' });
      // Nothing in English first: the banner waits for its German texts.
      expect($(el, '[part="title"]')?.textContent ?? null).not.to.equal('We use cookies');
      await until(() => $(el, '[part="title"]')?.textContent === 'Wir verwenden Cookies', 'German texts');
      expect(language(el)).to.equal('de');
      expect($(el, '[part~="accept"]')!.textContent!.trim()).to.equal('Alle akzeptieren');
      expect(await labelOf(el, 'analytics')).to.equal('Statistik'); // built-in labels speak German too
      el.lang = 'en';
      await el.updateComplete;
      expect($(el, '[part="title"]')!.textContent).to.equal('We use cookies');
      // Switching to another language later keeps the banner up (in the old texts) until the new ones arrive.
      el.lang = 'fr';
      await el.updateComplete;
      expect($(el, '[part="title"]')!.textContent).to.equal('We use cookies');
      await until(() => language(el) === 'fr', 'French texts');
      await el.updateComplete;
      expect($(el, '[part="title"]')!.textContent).not.to.equal('We use cookies');
    });

    it('takes up texts registered after it started, for a language it could not speak before', async () => {
      // As with an ES module: importing registerTexts defines (and so starts) the element first.
      const { el } = await mount({ categories: 'analytics', lang: 'lb' });
      expect(language(el)).to.equal('en');
      registerTexts('lb', { acceptAll: 'Alles akzeptéieren' });
      await until(() => language(el) === 'lb', 'Luxembourgish texts');
      await el.updateComplete;
      expect($(el, '[part~="accept"]')!.textContent!.trim()).to.equal('Alles akzeptéieren');
    });

    it("follows a change of the page's language, as a router makes it (<html lang>)", async () => {
      const { el } = await mount({ categories: 'analytics' });
      // Once the dialog's file is in, which renders the view again (it comes when the page is idle after the banner):
      // from then on, nothing but the change renders it.
      await until(() => el.shadowRoot!.adoptedStyleSheets.length > 1, "the dialog's file");
      await el.updateComplete;
      const before = language(el);
      const html = document.documentElement;
      const was = html.getAttribute('lang');
      try {
        html.lang = before === 'de' ? 'fr' : 'de';
        await until(() => language(el) === html.lang, 'the texts of the new page language');
        await el.updateComplete;
        expect($(el, '[part="title"]')!.textContent).to.equal(html.lang === 'de' ? 'Wir verwenden Cookies' : 'Nous utilisons des cookies');
        expect(el.hasAttribute('lang')).to.equal(false);
      } finally {
        if (was === null) html.removeAttribute('lang');
        else html.lang = was;
      }
    });

    it('follows the page language (the nearest lang attribute)', async () => {
      const holder = document.createElement('div');
      holder.lang = 'de';
      document.body.append(holder);
      try {
        const el = document.createElement('cookie-consent');
        el.setAttribute('categories', 'analytics');
        holder.append(el);
        await until(() => language(el) === 'de', 'German from the ancestor');
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('Wir verwenden Cookies');
        expect(el.hasAttribute('lang')).to.equal(false);
      } finally {
        holder.remove();
      }
    });
  });

  describe('<cookie-category>', () => {
    const children = `
      <cookie-category name="stats-pro" label="Product statistics" cookies="_pk_id.* _pk_ses.*, plain">
        Counts page views
        so we can see which features are used.
      </cookie-category>
      <cookie-category name="analytics" label="Audience"></cookie-category>`;

    it('gives labels, descriptions and cookie patterns; built-ins and ids otherwise', async () => {
      const { el } = await mount({ categories: 'analytics stats-pro marketing other' }, children);
      expect(await labelOf(el, 'stats-pro')).to.equal('Product statistics');
      expect(await labelOf(el, 'analytics')).to.equal('Audience');
      expect(await labelOf(el, 'marketing')).to.equal('Marketing');
      expect(await labelOf(el, 'other')).to.equal('other');
      el.showPreferences();
      await el.updateComplete;
      const about = $(el, '#about-stats-pro')!;
      expect(about.textContent).to.equal('Counts page views so we can see which features are used.');
      // analytics has a label of its own but no text: the built-in description stays.
      expect($(el, '#about-analytics')!.textContent).to.contain('Count visits');
      expect($(el, '#about-other')).to.equal(null);
      expect($(el, '#switch-other')!.hasAttribute('aria-describedby')).to.equal(false);
    });

    // Frameworks update a text by changing its text node, not by replacing it.
    it('follows a description edited in place, in its text node', async () => {
      const { el } = await mount({ categories: 'analytics stats-pro' }, children);
      el.showPreferences();
      await el.updateComplete;
      (el.querySelector('cookie-category[name="stats-pro"]')!.firstChild as Text).data = 'Counts page views, without cookies.';
      await el.updateComplete;
      expect($(el, '#about-stats-pro')!.textContent).to.equal('Counts page views, without cookies.');
    });

    // An edit is no change of what is configured: a banner the visitor opened over a decision stays, with the focus.
    it('a description edited in place leaves a banner the visitor opened, and its focus', async () => {
      const { el } = await mount({ categories: 'analytics stats-pro' }, children);
      el.acceptAll();
      el.showBanner();
      await el.updateComplete;
      const accept = $(el, '[part~="accept"]')!;
      accept.focus();
      (el.querySelector('cookie-category[name="stats-pro"]')!.firstChild as Text).data = 'Counts page views, without cookies.';
      await el.updateComplete;
      expect($(el, '[part~="banner"]')).to.exist;
      expect(el.shadowRoot!.activeElement).to.equal(accept);
    });

    it('warns, naming the attribute, about a <cookie-category> with an empty or invalid name', async () => {
      const seen = await warnings(async () => {
        await mount({ categories: 'analytics' }, '<cookie-category name="">x</cookie-category><cookie-category>y</cookie-category><cookie-category name="Bad id">z</cookie-category>');
      });
      expect(seen).to.have.length(3);
      expect(seen[0]).to.contain('<cookie-category>').and.contain('name ""');
      expect(seen[2]).to.contain('name "Bad id"');
    });

    it('warns once about a <cookie-category> for a category that categories does not list (its texts would show nowhere)', async () => {
      const seen = await warnings(async () => {
        const { el } = await mount(
          { categories: 'analytics' },
          '<cookie-category name="stats-pro" label="Product statistics">x</cookie-category><cookie-category name="necessary">y</cookie-category><cookie-category name="analytics">z</cookie-category>',
        );
        el.showPreferences();
        await el.updateComplete;
      });
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('<cookie-category>').and.contain('name "stats-pro"').and.contain('categories');
    });

    it('a category named like an Object method (hasOwnProperty, constructor, toString) is a category like any other', async () => {
      const categories = 'hasOwnProperty constructor toString valueOf';
      const seen = await warnings(async () => {
        const { el } = await mount({ categories });
        expect(el.has('constructor')).to.equal(false);
        expect(await labelOf(el, 'hasOwnProperty')).to.equal('hasOwnProperty');
        el.showPreferences();
        await el.updateComplete;
        expect(el.shadowRoot!.querySelectorAll('input[role="switch"]')).to.have.length(5);
        el.acceptCategories(['hasOwnProperty', 'toString']);
        const consent = el.consent!;
        expect(Object.keys(consent.categories)).to.deep.equal(['necessary', 'hasOwnProperty', 'toString', 'constructor', 'valueOf']);
        expect(JSON.parse(JSON.stringify(consent.categories))).to.deep.equal({ necessary: true, hasOwnProperty: true, toString: true, constructor: false, valueOf: false });
        expect(['hasOwnProperty', 'toString', 'constructor', 'valueOf', 'isPrototypeOf'].map((id) => el.has(id))).to.deep.equal([true, true, false, false, false]);
        el.remove();
        await Promise.resolve();
        // Read back from the cookie by a new element: the same answers, and no banner.
        const again = await mount({ categories });
        expect(['hasOwnProperty', 'toString', 'constructor', 'valueOf'].map((id) => again.el.has(id))).to.deep.equal([true, true, false, false]);
        expect(banner(again.el)).to.equal(null);
        again.el.rejectAll();
        expect(again.el.has('hasOwnProperty')).to.equal(false);
      });
      expect(seen).to.deep.equal([]);
    });

    it('renders nothing itself', async () => {
      const { el } = await mount({ categories: 'stats-pro' }, children);
      const child = el.querySelector('cookie-category')!;
      expect(child.getClientRects().length).to.equal(0);
      expect(customElements.get('cookie-category')).to.exist;
    });
  });
});
