import { expect } from '@open-wc/testing';
import { ConsentCookie } from '../../src/store/cookie-store.js';
import { cookieDomains, cookiePaths } from '../../src/store/scopes.js';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import { warnings } from './element-helpers.js';

describe('ConsentCookie', () => {
  const store = new ConsentCookie({ name: 'cc_store_test', path: '/', expiresDays: 182 });
  afterEach(() => store.clear());

  it('writes a cookie that document.cookie shows and read() decodes', () => {
    const consent = createConsent(['analytics'], ['marketing'], 2, 'banner');
    store.write(consent);
    expect(store.check(consent)).to.equal(true);
    expect(document.cookie).to.contain('cc_store_test=v=1&r=2&');
    expect(store.read()).to.deep.equal(consent);
  });

  it('clear() deletes it', () => {
    store.write(createConsent([], ['analytics'], 0, 'api'));
    store.clear();
    expect(document.cookie).not.to.contain('cc_store_test=');
    expect(store.read()).to.equal(null);
  });

  it('check() is false, and warns once naming the cookie, when the browser refused it', async () => {
    const refused = new ConsentCookie({ name: 'cc_store_refused', path: '/', domain: 'example.invalid', expiresDays: 182 });
    const consent = createConsent(['analytics'], [], 0, 'banner');
    const seen = await warnings(() => {
      refused.write(consent);
      expect(refused.check(consent)).to.equal(false);
      refused.write(consent);
      expect(refused.check(consent)).to.equal(false);
    });
    expect(document.cookie).not.to.contain('cc_store_refused=');
    expect(seen).to.have.length(1);
    expect(seen[0]).to.contain('"cc_store_refused"').and.contain('Domain=example.invalid');
  });

  it('check() of a decision too long for a cookie says so, and deletes the older decision it could not replace', async () => {
    // 64 categories and 40 services of 40 characters each: the code allows them, a browser keeps no such cookie.
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`.padEnd(40, 'x'));
    const services = Object.fromEntries(ids('s', 40).map((id) => [id, false]));
    const decision = createConsent([], ids('c', 64), 0, 'banner', Date.now(), undefined, services);
    const size = 'cc_store_test'.length + encodeConsent(decision).length;
    expect(size).to.be.above(4096);
    // The grant it replaces: refused now, so it must not stay behind.
    store.write(createConsent(['analytics'], [], 0, 'banner', decision.timestamp - 1000));
    const seen = await warnings(() => {
      store.write(decision);
      expect(store.check(decision)).to.equal(false);
    });
    expect(store.read(), 'the older grant is gone').to.equal(null);
    expect(seen).to.deep.equal([
      `<cookie-consent>: the browser did not store the "cc_store_test" cookie; the choice lasts for this page view only. It takes ${size} bytes; browsers keep 4096: configure fewer or shorter category and service ids.`,
    ]);
  });

  it('check() of a decision that a copy dated ahead of the clock outranks deletes that copy, writes the decision again and warns why', async () => {
    const decision = createConsent([], ['analytics'], 0, 'banner');
    // Within the clocks' skew, so it counts, and dated after the decision: as a sibling would toss it.
    const tossed = createConsent(['analytics'], [], 0, 'banner', decision.timestamp + 60_000);
    store.write(tossed);
    const seen = await warnings(() => expect(store.check(decision)).to.equal(true));
    expect(store.read()?.id).to.equal(decision.id);
    expect(seen).to.have.length(1);
    expect(seen[0]).to.contain('Another copy of the cookie').and.contain('deleted it').and.not.contain('disabled');
  });

  it('check() leaves a later decision of this browser alone (another tab\'s, dated after it and not ahead of the clock)', async () => {
    const decision = createConsent([], ['analytics'], 0, 'banner', Date.now() - 1000);
    const later = createConsent(['analytics'], [], 0, 'banner', decision.timestamp + 500);
    store.write(later);
    const seen = await warnings(() => expect(store.check(decision)).to.equal(true));
    expect(store.read()?.id, 'the other tab\'s decision stays').to.equal(later.id);
    expect(seen).to.deep.equal([]);
  });

  describe('two copies of the cookie', () => {
    const name = 'cc_store_copies';
    const DAY = 86_400_000;
    const copies = (doc: Document) => doc.cookie.split('; ').filter((pair) => pair.startsWith(`${name}=`));
    let frame: HTMLIFrameElement | undefined;
    afterEach(() => {
      for (const path of ['/', '/test/']) document.cookie = `${name}=; path=${path}; max-age=0`;
      frame?.remove();
    });

    /**
     * The store in a page under /test/: cookies at a longer path are listed only on pages under it, and
     * this page is at /. The module is loaded again inside the frame, so it uses the frame's document.
     */
    async function storeUnderTest(): Promise<{ doc: Document; Store: typeof ConsentCookie }> {
      frame = document.createElement('iframe');
      frame.src = '/test/e2e/fixtures/blocking/frame.html';
      const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
      document.body.append(frame);
      await loaded;
      const view = frame.contentWindow as Window & { eval(code: string): Promise<{ ConsentCookie: typeof ConsentCookie }> };
      const { ConsentCookie: Store } = await view.eval(`import('/src/store/cookie-store.ts')`);
      return { doc: view.document, Store };
    }

    it('read() takes the newest, not the copy the browser lists first', async () => {
      const { doc, Store } = await storeUnderTest();
      // The visitor decided while the site wrote at Path=/test/; the site then moved the cookie to
      // Path=/ and the visitor decided again. The browser lists the longer path, the old copy, first.
      const old = createConsent(['analytics'], [], 0, 'banner', Date.now() - DAY);
      doc.cookie = `${name}=${encodeConsent(old)}; path=/test/; max-age=60`;
      const store = new Store({ name, path: '/', expiresDays: 1 });
      const newer = createConsent([], ['analytics'], 0, 'banner');
      store.write(newer);
      expect(copies(doc)).to.deep.equal([`${name}=${encodeConsent(old)}`, `${name}=${encodeConsent(newer)}`]);
      expect(store.read()).to.deep.equal(newer);
      expect(store.check(newer)).to.equal(true);
      // Written at the old path again (the site went back), the latest decision is read all the same.
      const last = createConsent(['analytics'], [], 0, 'api', newer.timestamp + 1);
      new Store({ name, path: '/test/', expiresDays: 1 }).write(last);
      expect(copies(doc)).to.have.length(2);
      expect(store.read()).to.deep.equal(last);
    });

    it('clear() also deletes a copy at a longer path, so a forgotten decision does not come back from it', async () => {
      const { doc, Store } = await storeUnderTest();
      const old = createConsent(['analytics'], [], 0, 'banner', Date.now() - DAY);
      doc.cookie = `${name}=${encodeConsent(old)}; path=/test/; max-age=60`;
      const store = new Store({ name, path: '/', expiresDays: 1 });
      store.write(createConsent([], ['analytics'], 0, 'banner'));
      expect(copies(doc)).to.have.length(2);
      store.clear();
      expect(copies(doc)).to.deep.equal([]);
      expect(store.read()).to.equal(null);
    });

    for (const domain of [undefined, location.hostname]) {
      it(`clear() deletes the copy of its own scope last, and once: a decision another tab makes as soon as it sees no cookie stands (${domain ? 'Domain=this host' : 'host-only'})`, async () => {
        const { doc, Store } = await storeUnderTest();
        const store = new Store({ name, path: '/', domain, expiresDays: 1 });
        store.write(createConsent(['analytics'], [], 0, 'banner'));
        // The other tab: the same cookie, written the moment this page's jar shows none (tabs.ts tells it of a reset only
        // after, but it may look before). The cookie stays the browser's: each write goes through to it, and is watched.
        const other = new Store({ name, path: '/', domain, expiresDays: 1 });
        const later = createConsent([], ['analytics'], 0, 'banner');
        let proto = Object.getPrototypeOf(doc);
        while (!Object.hasOwn(proto, 'cookie')) proto = Object.getPrototypeOf(proto);
        const cookie = Object.getOwnPropertyDescriptor(proto, 'cookie')!;
        // The reset's writes, counted; the other tab's are not.
        let writes = 0;
        let deciding = false;
        let decidedAfter: number | undefined;
        Object.defineProperty(doc, 'cookie', {
          configurable: true,
          get: () => cookie.get!.call(doc),
          set: (value: string) => {
            cookie.set!.call(doc, value);
            if (deciding) return;
            writes++;
            if (decidedAfter === undefined && copies(doc).length === 0) {
              decidedAfter = writes;
              deciding = true;
              other.write(later);
              deciding = false;
            }
          },
        });
        try {
          store.clear();
        } finally {
          delete (doc as { cookie?: string }).cookie;
        }
        expect(decidedAfter, 'the other tab saw no cookie').to.be.a('number');
        expect(writes, 'the reset went on after the other tab decided').to.equal(decidedAfter);
        expect(copies(doc)).to.deep.equal([`${name}=${encodeConsent(later)}`]);
        expect(store.read()).to.deep.equal(later);
      });
    }

    it('with a Domain: writes over the host-only copy, reads the new decision, and clear() leaves none', () => {
      // This host (localhost) takes Domain=localhost as its own name, so the browser keeps one cookie
      // where a real domain keeps two (test/e2e/cookie-attributes.test.mjs has those): the host-only
      // copy must go before the write, or deleting it would take the new one with it.
      const old = createConsent(['analytics'], [], 0, 'banner', Date.now() - DAY);
      document.cookie = `${name}=${encodeConsent(old)}; path=/; max-age=60`;
      const store = new ConsentCookie({ name, path: '/', domain: location.hostname, expiresDays: 1 });
      const newer = createConsent([], ['analytics'], 0, 'banner');
      store.write(newer);
      expect(store.check(newer)).to.equal(true);
      expect(store.read()).to.deep.equal(newer);
      document.cookie = `${name}=${encodeConsent(old)}; path=/; max-age=60`;
      store.clear();
      expect(copies(document)).to.deep.equal([]);
      expect(store.read()).to.equal(null);
    });
  });
});

describe('cookie scopes', () => {
  it('tries the host and every parent domain but the top level, at / and every ancestor path', () => {
    expect(cookieDomains('a.b.example.com')).to.deep.equal([undefined, '.a.b.example.com', '.b.example.com', '.example.com']);
    expect(cookieDomains('localhost')).to.deep.equal([undefined]);
    expect(cookieDomains('127.0.0.1')).to.deep.equal([undefined]);
    expect(cookieDomains('[::1]')).to.deep.equal([undefined]);
    expect(cookiePaths('/shop/cart/item.html')).to.deep.equal(['/', '/shop', '/shop/', '/shop/cart', '/shop/cart/', '/shop/cart/item.html']);
    expect(cookiePaths('/')).to.deep.equal(['/']);
  });
});
