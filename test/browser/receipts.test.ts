// Receipts in a real browser: the element posts one after each decision (GPC included) to a real
// endpoint of the test server, keeps what the server did not take and sends it on a later page view.
import { expect } from '@open-wc/testing';
import { VERSION } from '../../src/version.js';
import { en } from '../../src/view/texts/en.js';
import { allow, banner, button, cleanUp, click, createConsent, mount } from './element-helpers.js';
import { encodeConsent } from '../../src/consent/index.js';

interface Logged {
  receipts: Array<{ body: Record<string, unknown>; type: string; origin: string; path: string }>;
  requests: number;
}
const log = async (): Promise<Logged> => (await fetch('/receipts-sink/log')).json() as Promise<Logged>;
const KEY = 'cookie-consent-receipts';

/** Waits until `check` is true (a receipt is sent in a later task, then travels). */
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('receipts', () => {
  beforeEach(async () => {
    await fetch('/receipts-sink/up');
    await log();
    localStorage.removeItem(KEY);
  });
  afterEach(async () => {
    await cleanUp();
    localStorage.removeItem(KEY);
  });

  it('posts the decision, its language, the hash of the texts shown, the version, origin and path', async () => {
    const href = location.href;
    history.replaceState(null, '', location.pathname + '?email=visitor@example.com#top');
    const { el } = await mount({ categories: 'analytics marketing', 'receipt-url': '/receipts-sink' });
    await click(button(el, 'accept'));
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    history.replaceState(null, '', href);
    const { body, type, origin } = logged[0]!;
    expect(type).to.equal('application/json');
    expect(origin).to.equal(location.origin);
    expect(body).to.deep.equal({
      ...el.consent,
      language: 'en',
      textsHash: await sha256(JSON.stringify(en)),
      version: VERSION,
      origin: location.origin,
      path: location.pathname,
    });
    expect(JSON.stringify(body)).not.to.contain('email');
    await until(() => localStorage.getItem(KEY) === null);
  });

  it('hashes what the site gave too (its name, description, category texts): other words, another hash', async () => {
    const hashes: string[] = [];
    for (const controller of ['Example Shop GmbH', 'Other Shop AG']) {
      const { el } = await mount(
        { categories: 'analytics', 'receipt-url': '/receipts-sink', controller, description: 'We keep your cart.' },
        '<cookie-category name="necessary" cookies="cart">Your cart.</cookie-category>',
      );
      await click(button(el, 'accept'));
      let logged: Logged['receipts'] = [];
      await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
      hashes.push(logged[0]!.body.textsHash as string);
      await cleanUp();
    }
    expect(hashes[0]).to.not.equal(hashes[1]);
    expect(hashes).to.not.include(await sha256(JSON.stringify(en)));
  });

  it('a grant that leaves configured categories open (an embed\'s Allow button) says which, so the server counts it as partial', async () => {
    await mount({ categories: 'analytics marketing', 'receipt-url': '/receipts-sink' });
    await allow('marketing');
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    expect(logged[0]!.body).to.deep.include({ categories: { necessary: true, marketing: true }, undecided: ['analytics'] });
  });

  it('sends one receipt per decision, also when a consent-change listener makes another while the first is announced', async () => {
    const el = document.createElement('cookie-consent');
    el.setAttribute('categories', 'analytics marketing');
    el.setAttribute('receipt-url', '/receipts-sink');
    // Added before the element starts, so it hears each decision before the receipts do: the site keeps marketing off.
    el.addEventListener('consent-change', (event) => event.detail.consent?.categories.marketing && el.acceptCategories(['analytics']));
    document.body.append(el);
    await el.updateComplete;
    await click(button(el, 'accept'));
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 1);
    const granted = (body: Record<string, unknown>) => Object.entries(body.categories as object).flatMap(([id, yes]) => (yes ? [id] : [])).sort().join('+');
    expect(logged.map(({ body }) => `${body.source as string}:${granted(body)}`)).to.have.members(['banner:analytics+marketing+necessary', 'api:analytics+necessary']);
  });

  it('sends a receipt of the Global Privacy Control refusal', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl');
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
    try {
      const { el } = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
      let logged: Logged['receipts'] = [];
      await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
      expect(logged[0]!.body).to.include({ id: el.consent!.id, source: 'gpc' });
    } finally {
      if (descriptor) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', descriptor);
      else delete (Navigator.prototype as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('sends no receipt of a decision another tab made: that tab sends its own, with its page and texts', async () => {
    const { el } = await mount({ categories: 'analytics marketing', 'receipt-url': '/receipts-sink' });
    // The banner shows here, in this tab's texts; the visitor decides in another tab, which tells this one.
    expect(banner(el)).to.not.equal(null);
    const decision = createConsent(['analytics'], ['marketing'], 0, 'banner');
    const otherTab = new BroadcastChannel('cookie-consent:cookie_consent');
    otherTab.postMessage(encodeConsent(decision));
    otherTab.close();
    await until(() => el.consent?.id === decision.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect((await log()).requests).to.equal(0);
    // A decision made here afterwards still has its receipt.
    el.rejectAll();
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    expect(logged.map((r) => r.body.id)).to.deep.equal([el.consent!.id]);
  });

  it('keeps a receipt the server could not take and sends it on a later page view, unseen', async () => {
    await fetch('/receipts-sink/down');
    const first = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
    await click(button(first.el, 'reject'));
    const id = first.el.consent!.id;
    expect(banner(first.el)).to.equal(null);
    await until(async () => (await log()).requests > 0);
    expect(localStorage.getItem(KEY)).to.contain(id);
    await cleanUp();

    // The next page view: the server is back.
    await fetch('/receipts-sink/up');
    await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    expect(logged.map((r) => r.body.id)).to.deep.equal([id]);
    await until(() => localStorage.getItem(KEY) === null);
  });

  it('stores the receipt as the decision is announced, before the sender has loaded, and sends it once', async () => {
    const { el } = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
    el.rejectAll();
    // Not in the click's own task, but in the next one, before the sender: a visitor who leaves now (a link away, a
    // closed tab) leaves it for the next page view.
    const id = el.consent!.id;
    expect(localStorage.getItem(KEY), 'not in the click\'s task').to.equal(null);
    await new Promise((resolve) => setTimeout(resolve));
    expect(localStorage.getItem(KEY) ?? '').to.contain(id);
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    await until(() => localStorage.getItem(KEY) === null);
    // The stored copy and the one the sender was handed are one receipt; a later page view has nothing to resend.
    await cleanUp();
    await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    logged = logged.concat((await log()).receipts);
    expect(logged.map((r) => r.body.id)).to.deep.equal([id]);
  });

  it('a stored item cut short (an id with no end) is dropped: receipts still go, and no error reaches the page', async () => {
    const errors: unknown[] = [];
    const onError = (event: PromiseRejectionEvent) => errors.push(event.reason);
    addEventListener('unhandledrejection', onError);
    try {
      localStorage.setItem(KEY, JSON.stringify([{ url: '/receipts-sink', body: '{"id":"' }]));
      const { el } = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
      el.acceptAll();
      const id = el.consent!.id;
      let logged: Logged['receipts'] = [];
      await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
      expect(logged.map((r) => r.body.id)).to.deep.equal([id]);
      await until(() => localStorage.getItem(KEY) === null);
      expect(errors).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onError);
    }
  });

  it('still sends the receipt, once, when localStorage is full', async () => {
    const filler: string[] = [];
    try {
      // Real storage filled to its quota: every write throws.
      for (let size = 1 << 22; size >= 1024; ) {
        try {
          localStorage.setItem(`filler-${filler.length}`, 'x'.repeat(size));
          filler.push(`filler-${filler.length}`);
        } catch {
          size >>= 1;
        }
      }
      const { el } = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink' });
      el.acceptAll();
      let logged: Logged['receipts'] = [];
      await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      logged = logged.concat((await log()).receipts);
      expect(logged.map((r) => r.body.id)).to.deep.equal([el.consent!.id]);
      expect(localStorage.getItem(KEY)).to.equal(null);
    } finally {
      for (const key of filler) localStorage.removeItem(key);
    }
  });

  it('keeps a receipt through a 404 (a moved endpoint) and sends it to the receipt-url of the next page view; drops one refused as bad', async () => {
    const first = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink/404' });
    first.el.rejectAll();
    const id = first.el.consent!.id;
    await until(async () => (await log()).requests > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(localStorage.getItem(KEY) ?? '').to.contain(id);
    await cleanUp();

    // The site moved its endpoint: the next page view says so, and the receipt goes there.
    await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink/moved' });
    let logged: Logged['receipts'] = [];
    await until(async () => (logged = logged.concat((await log()).receipts)).length > 0);
    expect(logged.map((r) => [r.path, r.body.id])).to.deep.equal([['/receipts-sink/moved', id]]);
    await until(() => localStorage.getItem(KEY) === null);
    await cleanUp();

    // The handler's own answer that the receipt is bad: sending it again would not change it.
    const bad = await mount({ categories: 'analytics', 'receipt-url': '/receipts-sink/400' });
    bad.el.acceptAll();
    await until(async () => (await log()).requests > 0);
    await until(() => localStorage.getItem(KEY) === null);
  });

  it('sends nothing without receipt-url, and warns about a javascript: one', async () => {
    const warn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const { el } = await mount({ categories: 'analytics', 'receipt-url': 'javascript:alert(1)' });
      el.acceptAll();
      await cleanUp();
      const plain = await mount({ categories: 'analytics' });
      plain.el.rejectAll();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await log()).requests).to.equal(0);
      expect(warnings.some((args) => String(args[0]).includes('receipt-url'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });
});
