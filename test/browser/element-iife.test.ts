// The one-tag install (CONTRACT section 1): the built classic script, in a real page, reads its own
// data-* attributes and appends <cookie-consent> to <body>, also when it runs in <head>.
// Needs `npm run build` (or `npx rollup -c`) first: it loads dist/cookie-consent.iife.js.
import { expect } from '@open-wc/testing';
import { clearCookies, until } from './element-helpers.js';

const SCRIPT = '/dist/cookie-consent.iife.js';

type Frame = Window & typeof globalThis & Record<string, unknown>;

let frame: HTMLIFrameElement | undefined;

/** Loads `html` as a same-origin page in an iframe and resolves with its window once loaded. */
async function page(html: string): Promise<Frame> {
  frame = document.createElement('iframe');
  frame.style.cssText = 'width: 360px; height: 640px; border: 0';
  const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = html;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as Frame;
}

/** Clicks a `data-cookie-consent="reject-all"` button added to the page: the element that decides records it. */
function rejectByTrigger(win: Frame): void {
  const trigger = win.document.createElement('button');
  trigger.dataset.cookieConsent = 'reject-all';
  win.document.body.append(trigger);
  trigger.click();
}

describe('the one-tag script', () => {
  before(async () => {
    const response = await fetch(SCRIPT, { method: 'HEAD' });
    if (!response.ok) throw new Error(`${SCRIPT} is missing: run \`npm run build\` before these tests`);
  });
  afterEach(() => {
    frame?.remove();
    frame = undefined;
    clearCookies();
  });

  it('in <head>: creates the element from its data-* attributes and moves it into <body>', async () => {
    const win = await page(`<!doctype html><html lang="en"><head>
      <script src="${SCRIPT}" data-categories="analytics marketing" data-policy-url="/privacy" data-position="top" data-revision="3"></script>
      <script>window.inHead = document.head.querySelector('cookie-consent') !== null;</script>
      </head><body><main>Shop</main></body></html>`);
    const doc = win.document;
    const elements = doc.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    const el = elements[0]!;
    expect(el.parentElement).to.equal(doc.body);
    expect(win.inHead).to.equal(true); // it started at once, while the script ran
    expect(el.getAttribute('categories')).to.equal('analytics marketing');
    expect(el.getAttribute('policy-url')).to.equal('/privacy');
    expect(el.getAttribute('position')).to.equal('top');
    expect(el.getAttribute('revision')).to.equal('3');
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const region = el.shadowRoot!.querySelector('[part~="banner"]')!;
    expect(region.classList.contains('top')).to.equal(true);
    expect(region.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelector('a[part="policy-link"]')!.getAttribute('href')).to.equal('/privacy');
  });

  it('pushes the Consent Mode default synchronously, while it runs in <head>', async () => {
    const win = await page(`<!doctype html><html><head>
      <script>window.dataLayer = [];</script>
      <script src="${SCRIPT}" data-categories="analytics" data-google-consent-mode></script>
      <script>window.pushedAtOnce = dataLayer.map((entry) => Array.from(entry));</script>
      </head><body></body></html>`);
    const pushed = win.pushedAtOnce as unknown[][];
    expect(pushed.length).to.be.at.least(1);
    expect(pushed[0]!.slice(0, 2)).to.deep.equal(['consent', 'default']);
    expect(pushed[0]![2]).to.deep.include({ analytics_storage: 'denied', security_storage: 'granted' });
  });

  it('at the end of <body>: puts the element first in <body> at once (first in Tab order)', async () => {
    const win = await page(`<!doctype html><html><head></head><body><main>Shop</main>
      <script src="${SCRIPT}" data-categories="analytics"></script>
      <script>window.atOnce = document.body.firstElementChild.localName;</script>
      </body></html>`);
    expect(win.atOnce).to.equal('cookie-consent');
  });

  it('a later classic script still hears consent-ready, from the element already in <body>', async () => {
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics"></script></head><body>
      <script>
        document.addEventListener('consent-ready', (event) => {
          window.ready = event.detail;
          window.readyFrom = event.target.parentNode.localName;
        });
      </script></body></html>`);
    await until(() => 'ready' in win, 'consent-ready');
    expect(win.ready).to.deep.equal({ consent: null });
    expect(win.readyFrom).to.equal('body');
  });

  it('the ES module build: a later module script still hears consent-ready', async () => {
    const win = await page(`<!doctype html><html><head>
      <script type="module" src="/dist/cookie-consent.js"></script>
      <script type="module">
        document.addEventListener('consent-ready', (event) => { window.ready = event.detail; });
      </script></head><body>
      <cookie-consent categories="analytics"></cookie-consent></body></html>`);
    await until(() => 'ready' in win, 'consent-ready');
    expect(win.ready).to.deep.equal({ consent: null });
    expect(win.document.querySelectorAll('cookie-consent')).to.have.length(1);
  });

  it('says so when another script defined <cookie-consent> first, and not when the other is a copy of this widget', async () => {
    const watch = '<script>window.warnings = []; console.warn = (m) => window.warnings.push(String(m));</script>';
    const foreign = await page(`<!doctype html><html><head>${watch}<script>customElements.define('cookie-consent', class extends HTMLElement {});</script>
      <script src="${SCRIPT}" data-categories="analytics"></script></head><body></body></html>`);
    expect((foreign as unknown as { warnings: string[] }).warnings).to.deep.equal([
      '<cookie-consent>: another script defined <cookie-consent> first: this widget does not start (no banner; nothing tagged is released)',
    ]);
    frame!.remove();
    // The classic script and the ES module: two bundles, one widget.
    const copies = await page(`<!doctype html><html><head>${watch}<script src="${SCRIPT}" data-categories="analytics"></script>
      <script type="module" src="/dist/cookie-consent.js"></script><script type="module">window.loaded = true;</script></head><body></body></html>`);
    await until(() => 'loaded' in copies, 'the module');
    expect((copies as unknown as { warnings: string[] }).warnings).to.deep.equal([]);
    await until(() => !!copies.document.querySelector('cookie-consent')?.shadowRoot?.querySelector('[part~="banner"]'), 'the banner');
  });

  it('leaves a page that has its own <cookie-consent> alone', async () => {
    const win = await page(`<!doctype html><html><head></head><body>
      <cookie-consent categories="marketing"></cookie-consent>
      <script src="${SCRIPT}" data-categories="analytics"></script></body></html>`);
    const elements = win.document.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    expect(elements[0]!.getAttribute('categories')).to.equal('marketing');
  });

  it('in <head>, steps aside when the page turns out to have its own <cookie-consent>', async () => {
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics"></script></head><body>
      <cookie-consent categories="marketing"></cookie-consent></body></html>`);
    await new Promise((resolve) => setTimeout(resolve));
    const elements = win.document.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    expect(elements[0]!.getAttribute('categories')).to.equal('marketing');
    // Only one listener answers data-cookie-consent: one dialog opens, in the page's own element.
    rejectByTrigger(win);
    expect(win.document.cookie).to.match(/cookie_consent=v=1&[^;]*&g=&d=marketing(;|$)/);
  });

  it('at the start of <body>, steps aside when the page has its own <cookie-consent> further down', async () => {
    const win = await page(`<!doctype html><html><head><script>window.warnings = []; console.warn = (m) => window.warnings.push(String(m));</script></head><body>
      <script src="${SCRIPT}" data-categories="analytics" data-position="top"></script>
      <main>Shop</main>
      <cookie-consent categories="marketing"></cookie-consent></body></html>`);
    await new Promise((resolve) => setTimeout(resolve));
    const elements = win.document.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    expect(elements[0]!.getAttribute('categories')).to.equal('marketing');
    expect(elements[0]!.getAttribute('position')).to.equal('top');
    // The page's element decides: a trigger's refusal is about its categories.
    rejectByTrigger(win);
    expect(win.document.cookie).to.match(/cookie_consent=v=1&[^;]*&g=&d=marketing(;|$)/);
    const warnings = (win as unknown as { warnings: string[] }).warnings;
    expect(warnings.filter((warning) => warning.includes('two configurations'))).to.have.length(1);
    expect(warnings.filter((warning) => warning.includes('another <cookie-consent>'))).to.deep.equal([]);
  });

  it('in <head> with data-google-consent-mode, and a <cookie-consent> in <body>: the page\'s element drives Consent Mode, and one warning names what it took', async () => {
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored&s=banner&g=analytics&d=marketing; Path=/`;
    const win = await page(`<!doctype html><html><head>
      <script>window.dataLayer = []; window.warnings = []; const warn = console.warn; console.warn = (m) => { window.warnings.push(String(m)); warn(m); };</script>
      <script src="${SCRIPT}" data-categories="analytics" data-google-consent-mode data-policy-url="/privacy"></script></head><body>
      <cookie-consent categories="analytics marketing"></cookie-consent></body></html>`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const elements = win.document.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    const el = elements[0] as HTMLElement & { googleConsentMode: boolean };
    expect(el.getAttribute('categories')).to.equal('analytics marketing'); // its own setting wins
    expect(el.getAttribute('policy-url')).to.equal('/privacy');
    expect(el.googleConsentMode).to.equal(true);
    // Still denied by default, then the stored decision: the page's element keeps Consent Mode going.
    const window = win as unknown as { dataLayer: IArguments[]; warnings: string[] };
    const updates = window.dataLayer.map((entry) => Array.from(entry)).filter(([command, kind]) => command === 'consent' && kind === 'update');
    expect(updates.at(-1)?.[2]).to.include({ analytics_storage: 'granted', ad_storage: 'denied' });
    (el as unknown as { acceptAll(): void }).acceptAll();
    const last = window.dataLayer.map((entry) => Array.from(entry)).at(-1)!;
    expect(last[2]).to.include({ analytics_storage: 'granted', ad_storage: 'granted' });
    const told = window.warnings.filter((warning) => warning.includes('two configurations'));
    expect(told).to.have.length(1);
    expect(told[0]).to.contain('data-google-consent-mode').and.contain('data-policy-url').and.not.contain('data-categories');
    expect(window.warnings.filter((warning) => warning.includes('another <cookie-consent>'))).to.deep.equal([]);
  });

  it("in <head> with data-google-consent-mode, and the page's element with a newer revision and a <cookie-service>: the grant is withdrawn as it takes over, before its services are known", async () => {
    document.cookie = `cookie_consent=v=1&r=1&t=${Date.now()}&id=stored&s=banner&g=analytics&d=; Path=/`;
    // After the one tag's own listener (the page's element takes over in it): what Google is told then.
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics" data-revision="1" data-google-consent-mode></script>
      <script>document.addEventListener('DOMContentLoaded', () => {
        window.atTakeover = dataLayer.map((entry) => entry[1] + ' ' + entry[2].analytics_storage);
      });</script></head><body>
      <cookie-consent categories="analytics" revision="2"><cookie-service preset="ga4"></cookie-service></cookie-consent></body></html>`);
    const el = win.document.querySelector('cookie-consent') as HTMLElement & { has(id: string): boolean };
    await until(() => el.shadowRoot?.querySelector('[part~="banner"]'), 'the banner');
    expect(win.atTakeover).to.deep.equal(['default denied', 'update granted', 'update denied']);
    expect(el.has('analytics')).to.equal(false);
    // Once it decides (nothing: it asks again), nothing more: it agrees already.
    expect((win as unknown as { dataLayer: IArguments[] }).dataLayer).to.have.length(3);
  });

  it("in <head> with data-google-consent-mode, and the page's element with a <cookie-service> whose stored decision grants the same: Google is told once, no denial while its services load", async () => {
    document.cookie = `cookie_consent=v=2&r=0&t=${Date.now()}&id=stored&s=api&g=analytics&d=&sg=ga4&sd=; Path=/`;
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics" data-google-consent-mode></script>
      <script>document.addEventListener('DOMContentLoaded', () => {
        window.atTakeover = dataLayer.map((entry) => entry[1] + ' ' + entry[2].analytics_storage);
      });</script></head><body>
      <cookie-consent categories="analytics"><cookie-service preset="ga4"></cookie-service></cookie-consent></body></html>`);
    const el = win.document.querySelector('cookie-consent') as HTMLElement & { has(id: string): boolean };
    await until(() => el.has('ga4'), 'the services part');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(win.atTakeover).to.deep.equal(['default denied', 'update granted']);
    expect((win as unknown as { dataLayer: IArguments[] }).dataLayer.map((entry) => entry[1] + ' ' + entry[2].analytics_storage)).to.deep.equal(['default denied', 'update granted']);
  });

  it('in <head>, and a <cookie-consent google-consent-mode> in <body>: the default is pushed as that element is parsed, before any later script', async () => {
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}"></script></head><body>
      <cookie-consent categories="analytics" google-consent-mode></cookie-consent>
      <script>window.pushedAtOnce = (window.dataLayer || []).map((entry) => Array.from(entry));</script></body></html>`);
    const pushed = win.pushedAtOnce as unknown[][];
    expect(pushed[0]?.slice(0, 2)).to.deep.equal(['consent', 'default']);
    expect(pushed[0]![2]).to.deep.include({ analytics_storage: 'denied', ad_storage: 'denied', security_storage: 'granted' });
  });

  it('in <body> before the page\'s own <cookie-consent>: steps aside for it once the page is parsed, as in <head>', async () => {
    const win = await page(`<!doctype html><html><head></head><body><main>Shop</main>
      <script src="${SCRIPT}" data-policy-url="/privacy"></script>
      <cookie-consent categories="analytics" ignore-gpc></cookie-consent></body></html>`);
    await new Promise((resolve) => setTimeout(resolve));
    const elements = win.document.querySelectorAll('cookie-consent');
    expect(elements).to.have.length(1);
    const el = elements[0] as HTMLElement & { updateComplete: Promise<unknown>; has(id: string): boolean; acceptAll(): void };
    expect(el.getAttribute('categories')).to.equal('analytics');
    expect(el.getAttribute('policy-url')).to.equal('/privacy');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="banner"]'), 'the banner').to.exist;
    el.acceptAll();
    expect(el.has('analytics')).to.equal(true);
  });

  it('with services: a stored decision answers consent and has() at once, while the services part still loads', async () => {
    document.cookie = `cookie_consent=v=2&r=0&t=${Date.now()}&id=stored&s=banner&g=analytics&d=marketing&sg=ga4&sd=; Path=/`;
    const win = await page(`<!doctype html><html><head></head><body>
      <cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
      <script src="${SCRIPT}"></script>
      <script>
        const el = document.querySelector('cookie-consent');
        window.atOnce = [el.consent && el.consent.id, el.has('analytics'), el.has('ga4'), el.has('marketing')];
      </script></body></html>`);
    expect(win.atOnce).to.deep.equal(['stored', true, true, false]);
  });

  it('with services: a stored decision that does not answer a service is no decision, also while the services part loads', async () => {
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored&s=banner&g=analytics&d=marketing; Path=/`;
    const win = await page(`<!doctype html><html><head></head><body>
      <cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
      <script src="${SCRIPT}"></script>
      <script>window.atOnce = document.querySelector('cookie-consent').consent;</script></body></html>`);
    expect(win.atOnce).to.equal(null);
    const el = win.document.querySelector('cookie-consent') as HTMLElement & { consent: unknown; updateComplete: Promise<unknown> };
    await el.updateComplete;
    expect(el.consent).to.equal(null);
  });

  it('after a <cookie-consent> of the page, gives it the settings it lacks and warns once', async () => {
    const win = await page(`<!doctype html><html><head><script>window.warnings = []; console.warn = (m) => window.warnings.push(String(m));</script></head><body>
      <cookie-consent categories="marketing"></cookie-consent>
      <script src="${SCRIPT}" data-categories="analytics" data-position="top"></script></body></html>`);
    const el = win.document.querySelector('cookie-consent')!;
    expect(el.getAttribute('position')).to.equal('top');
    expect(el.getAttribute('categories')).to.equal('marketing');
    const warnings = (win as unknown as { warnings: string[] }).warnings;
    expect(warnings.filter((warning) => warning.includes('two configurations'))).to.have.length(1);
  });

  it('after a bare <cookie-consent> of the page, starts it with the script tag\'s categories: the banner shows', async () => {
    const win = await page(`<!doctype html><html><head></head><body>
      <cookie-consent></cookie-consent>
      <script src="${SCRIPT}" data-categories="analytics" data-ignore-gpc></script></body></html>`);
    const el = win.document.querySelector('cookie-consent') as HTMLElement & { updateComplete: Promise<unknown> };
    await el.updateComplete;
    expect(el.getAttribute('categories')).to.equal('analytics');
    expect(el.shadowRoot!.querySelector('[part~="banner"]'), 'the banner').to.exist;
  });

  it("is fully styled under a strict Content-Security-Policy (style-src 'self', no inline styles)", async () => {
    const violations: string[] = [];
    // Firefox does not count an about:srcdoc page's own origin as 'self' for scripts: name it too.
    const win = await page(`<!doctype html><html><head>
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; script-src 'self' ${location.origin}">
      <script src="${SCRIPT}" data-categories="analytics" data-position="bottom-left"></script></head><body>
      <main>Shop</main></body></html>`);
    win.document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    const el = win.document.querySelector('cookie-consent')!;
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    (el as HTMLElement & { showPreferences(): void }).showPreferences();
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const region = el.shadowRoot!.querySelector('[part~="banner"]')!;
    expect(win.getComputedStyle(region).position).to.equal('fixed');
    expect(win.getComputedStyle(region).borderTopLeftRadius).not.to.equal('0px');
    expect(win.getComputedStyle(el.shadowRoot!.querySelector('[part~="accept"]')!).fontWeight).to.equal('600');
    expect(el.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
    expect(violations).to.deep.equal([]);
  });

  it('copies no event handler or style from data-* attributes', async () => {
    const win = await page(`<!doctype html><html><head></head><body>
      <script src="${SCRIPT}" data-categories="analytics" data-onclick="window.hacked = 1" data-style="color: red"></script>
      </body></html>`);
    const el = win.document.querySelector('cookie-consent')!;
    expect(el.hasAttribute('onclick')).to.equal(false);
    expect(el.hasAttribute('style')).to.equal(false);
    expect(el.getAttribute('categories')).to.equal('analytics');
  });

  it('re-validates its attributes after a change of one, not after its own state changes (names are shortened in the bundle)', async () => {
    const win = await page(`<!doctype html><html><head></head><body>
      <script src="${SCRIPT}" data-categories="analytics" data-policy-url="/privacy"></script></body></html>`);
    type Element = HTMLElement & { updateComplete: Promise<unknown>; hide(): void; showBanner(): void; policyUrl: string | null };
    const el = win.document.querySelector('cookie-consent') as Element;
    await el.updateComplete;
    // Every validation reads policyUrl: count the reads through an accessor on the instance.
    const accessor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'policyUrl')!;
    let reads = 0;
    Object.defineProperty(el, 'policyUrl', {
      configurable: true,
      get() {
        reads++;
        return accessor.get!.call(this);
      },
      set(value) {
        accessor.set!.call(this, value);
      },
    });
    el.hide();
    await el.updateComplete;
    el.showBanner();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('a[part="policy-link"]')!.getAttribute('href')).to.equal('/privacy');
    expect(reads, 'validations after hide() and showBanner()').to.equal(0);
    el.setAttribute('position', 'top');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="banner"]')!.classList.contains('top')).to.equal(true);
    expect(reads, 'validations after a new position').to.be.greaterThan(0);
  });

  it('the data-cookie-consent footer link of the page opens the preferences', async () => {
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics"></script></head><body>
      <footer><a href="#" data-cookie-consent="preferences">Cookie settings</a></footer></body></html>`);
    const el = win.document.querySelector('cookie-consent')!;
    (win.document.querySelector('[data-cookie-consent]') as HTMLElement).click();
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(el.shadowRoot!.querySelector('dialog[part~="dialog"]')!.hasAttribute('open')).to.equal(true);
  });

  // Turbo Drive swaps <body> for the next page's: the element the script made must come along, its state kept (a move),
  // or the next page has no banner and no way back to the choice. A next page with its own element keeps that one.
  it('a page that swaps <body> (Turbo) keeps the element: it moves into the new body, still started; one the new body has wins', async () => {
    const win = await page(`<!doctype html><html><head>
      <script src="${SCRIPT}" data-categories="analytics"></script></head><body><main>Shop</main></body></html>`);
    const doc = win.document;
    const el = doc.querySelector('cookie-consent') as HTMLElement & { updateComplete: Promise<unknown>; acceptAll(): void; has(id: string): boolean };
    await el.updateComplete;
    const swap = (html: string) => {
      const body = doc.createElement('body');
      body.innerHTML = html;
      doc.body.replaceWith(body);
    };
    swap('<main>Cart</main><a href="#" data-cookie-consent="preferences">Cookie settings</a>');
    await new Promise((resolve) => setTimeout(resolve));
    expect(doc.querySelectorAll('cookie-consent')).to.have.length(1);
    expect(el.parentElement).to.equal(doc.body);
    expect(el.shadowRoot!.querySelector('[part~="banner"]')).to.exist;
    (doc.querySelector('[data-cookie-consent]') as HTMLElement).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog[part~="dialog"]')!.hasAttribute('open')).to.equal(true);
    el.acceptAll();
    swap('<cookie-consent categories="analytics" id="own"></cookie-consent><main>Checkout</main>');
    await new Promise((resolve) => setTimeout(resolve));
    expect(Array.from(doc.querySelectorAll('cookie-consent'), (found) => found.id)).to.deep.equal(['own']);
    expect((doc.getElementById('own') as typeof el).has('analytics')).to.equal(true);
    // Out since a page brought its own: a later swap without one does not bring it back.
    swap('<main>Account</main>');
    await new Promise((resolve) => setTimeout(resolve));
    expect(doc.querySelectorAll('cookie-consent')).to.have.length(0);
  });
});
