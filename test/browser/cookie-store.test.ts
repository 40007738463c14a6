import { expect } from '@open-wc/testing';
import { ConsentCookie } from '../../src/store/cookie-store.js';
import { createConsent } from '../../src/consent/index.js';
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

  it('check() is false for another decision than the one stored', () => {
    const first = createConsent(['analytics'], [], 0, 'banner');
    store.write(first);
    expect(store.check(createConsent([], ['analytics'], 0, 'banner'))).to.equal(false);
    expect(store.check(first)).to.equal(true);
  });
});
