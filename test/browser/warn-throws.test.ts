// A page's console.warn may throw: sites wrap console methods to report to an error tracker, and test
// harnesses fail on warnings. Our warnings must then still be harmless: start-up goes on (the decision is
// read, tagged scripts are released, the banner shows), API calls record what they can, nothing throws into
// the page. Real cookies and the real element throughout; the throwing console.warn is the page's doing.
import { expect } from '@open-wc/testing';
import { banner, button, cleanUp, click, cookieValue, createConsent, storeDecision, until, type CookieConsent } from './element-helpers.js';

const SCRIPT = '/dist/cookie-consent.iife.js';
const order = () => window.__order ?? [];
const tagged = '<script type="text/plain" data-category="analytics">window.__order.push("analytics")</script>';

describe('a page whose console.warn throws', () => {
  const real = console.warn;
  let seen: string[] = [];
  let errors: unknown[] = [];
  const onError = (event: ErrorEvent) => void errors.push(event.error ?? event.message);
  let box: HTMLElement | undefined;

  beforeEach(() => {
    seen = [];
    errors = [];
    window.__order = [];
    window.addEventListener('error', onError);
    console.warn = (...args: unknown[]) => {
      seen.push(args.map(String).join(' '));
      throw new Error("the page's console.warn threw");
    };
  });
  afterEach(async () => {
    console.warn = real;
    window.removeEventListener('error', onError);
    box?.remove();
    box = undefined;
    for (const extra of Array.from(document.querySelectorAll('cookie-consent-placeholder, [data-cookie-consent]'))) extra.remove();
    await cleanUp();
    delete window.gtag;
    delete window.dataLayer;
  });

  /** Puts `html` (tagged elements and a <cookie-consent>) in the page; resolves once consent-ready fired. */
  async function page(html: string): Promise<CookieConsent> {
    box = document.createElement('div');
    let ready = false;
    box.addEventListener('consent-ready', () => void (ready = true));
    box.innerHTML = html;
    document.body.append(box);
    const el = box.querySelector('cookie-consent')!;
    await until(() => ready, 'consent-ready');
    await el.updateComplete;
    return el;
  }

  /** A returning visitor who granted analytics and refused marketing. */
  const returning = () => storeDecision(createConsent(['analytics'], ['marketing'], 0, 'banner'));

  // Every attribute warning goes through the one path these take (the element's _tell, then warn()): one
  // of each kind of check (a keyword, the category list, a URL, the cookie's scope) stands for the rest.
  const BAD = {
    position: 'sideways',
    categories: 'analytics marketing bad!id',
    'policy-url': 'javascript:alert(1)',
    'cookie-path': 'nope',
  };

  for (const [name, value] of Object.entries(BAD)) {
    // One attribute of each name: the parser keeps only the first of two alike.
    const element = `<cookie-consent ${Object.entries({ categories: 'analytics marketing', [name]: value }).map(([n, v]) => `${n}="${v}"`).join(' ')}></cookie-consent>`;
    it(`${name}="${value}": a returning visitor's accepted script is released and consent-ready fires`, async () => {
      returning();
      const el = await page(`${tagged}${element}`);
      expect(seen.join()).to.contain(name);
      expect(order()).to.deep.equal(['analytics']);
      expect(el.has('analytics')).to.equal(true);
      expect(errors).to.deep.equal([]);
    });

    it(`${name}="${value}": a first visit gets the banner, and Accept all records the cookie`, async () => {
      const el = await page(`${tagged}${element}`);
      expect(seen.join()).to.contain(name);
      await until(() => banner(el), 'the banner');
      await click(button(el, 'accept'));
      expect(cookieValue()).to.match(/&g=analytics\+marketing/);
      expect(order()).to.deep.equal(['analytics']);
      expect(errors).to.deep.equal([]);
    });
  }

  it('a tagged element that loads by itself, or names a category not configured: still released, banner still shown', async () => {
    const el = await page(`${tagged}<img data-category="analytics" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
      <script type="text/plain" data-category="video">window.__order.push("video")</script>
      <cookie-consent categories="analytics"></cookie-consent>`);
    expect(seen.join()).to.contain('loads without waiting for consent');
    await until(() => banner(el), 'the banner');
    el.acceptAll();
    expect(order()).to.deep.equal(['analytics']);
    expect(errors).to.deep.equal([]);
  });

  it('<cookie-category> with a bad name or one categories does not list: the banner still shows', async () => {
    const el = await page(`<cookie-consent categories="analytics">
      <cookie-category name="bad!id" label="Bad"></cookie-category>
      <cookie-category name="unlisted" label="Unlisted"></cookie-category></cookie-consent>`);
    await until(() => banner(el), 'the banner');
    await until(() => seen.some((message) => message.includes('unlisted')), 'the warning about the unlisted category');
    expect(seen.join()).to.contain('bad!id');
    await click(button(el, 'accept'));
    expect(cookieValue()).to.match(/&g=analytics/);
    expect(errors).to.deep.equal([]);
  });

  it('a <cookie-service> with a bad category: a returning visitor is still answered', async () => {
    storeDecision(createConsent(['analytics'], [], 0, 'banner', Date.now(), undefined, { stats: true }));
    await page(`${tagged}<cookie-consent categories="analytics">
      <cookie-service name="stats" category="analytics"></cookie-service>
      <cookie-service name="chat" category="bad!id"></cookie-service></cookie-consent>`);
    expect(seen.join()).to.contain('cookie-service category');
    expect(order()).to.deep.equal(['analytics']);
    expect(errors).to.deep.equal([]);
  });

  it("google-consent-mode with a gtag() that throws: the stored decision still releases", async () => {
    window.gtag = () => {
      throw new Error('gtag broke');
    };
    returning();
    await page(`${tagged}<cookie-consent categories="analytics marketing" google-consent-mode></cookie-consent>`);
    expect(seen.join()).to.contain('gtag() failed');
    expect(order()).to.deep.equal(['analytics']);
    expect(errors).to.deep.equal([]);
  });

  it('acceptCategories() and grant() with an invalid id still record the valid ones', async () => {
    const el = await page(`${tagged}<cookie-consent categories="analytics marketing"></cookie-consent>`);
    el.acceptCategories(['bad!id', 'analytics']);
    expect(seen.join()).to.contain('bad!id');
    expect(cookieValue()).to.match(/&g=analytics&d=marketing/);
    expect(order()).to.deep.equal(['analytics']);
    el.grant(['nope!', 'marketing']);
    expect(cookieValue()).to.match(/&g=analytics\+marketing/);
    el.acceptCategories({} as never); // not iterable: told, nothing recorded, nothing thrown
    expect(cookieValue()).to.match(/&g=analytics\+marketing/);
  });

  it('an accept-all trigger without grant-triggers still opens the banner', async () => {
    returning();
    const el = await page(`<cookie-consent categories="analytics marketing"></cookie-consent>`);
    const trigger = document.createElement('button');
    trigger.dataset.cookieConsent = 'accept-all';
    trigger.textContent = 'Accept';
    document.body.append(trigger);
    await click(trigger);
    expect(seen.join()).to.contain('grant-triggers');
    await until(() => banner(el), 'the banner');
    expect(errors).to.deep.equal([]);
  });

  it('a second <cookie-consent>: it still passes its API calls to the first', async () => {
    const el = await page(`<cookie-consent categories="analytics"></cookie-consent>`);
    const second = document.createElement('cookie-consent');
    second.setAttribute('categories', 'analytics');
    box!.append(second);
    await until(() => seen.some((message) => message.includes('another <cookie-consent>')), 'the warning');
    second.acceptAll();
    expect(el.has('analytics')).to.equal(true);
    expect(cookieValue()).to.match(/&g=analytics/);
    expect(errors).to.deep.equal([]);
  });

  it('a cookie the browser does not show this page (cookie-path for another path): the decision holds for the page, nothing throws', async () => {
    const el = await page(`${tagged}<cookie-consent categories="analytics" cookie-path="/elsewhere/"></cookie-consent>`);
    el.acceptAll();
    await until(() => seen.some((message) => message.includes('did not store')), 'the warning');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.has('analytics')).to.equal(true);
    expect(order()).to.deep.equal(['analytics']);
    expect(errors).to.deep.equal([]);
  });

  it('the one-tag script with a page <cookie-consent> too: the page element starts and shows its banner', async () => {
    const frame = document.createElement('iframe');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = `<!doctype html><html><head><script>window.warnings = []; console.warn = (m) => { window.warnings.push(String(m)); throw new Error('threw'); };
      window.errors = []; addEventListener('error', (e) => window.errors.push(String(e.message)));</script></head><body>
      <script src="${SCRIPT}" data-categories="analytics" data-position="top"></script>
      <cookie-consent categories="marketing"></cookie-consent></body></html>`;
    box = document.createElement('div');
    box.append(frame);
    document.body.append(box);
    await loaded;
    const win = frame.contentWindow as Window & { warnings: string[]; errors: string[] };
    const el = win.document.querySelector('cookie-consent') as CookieConsent;
    await until(() => el.shadowRoot?.querySelector('[part~="banner"]'), 'the banner');
    expect(win.warnings.join()).to.contain('two configurations');
    expect(win.errors).to.deep.equal([]);
  });
});
