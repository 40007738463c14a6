import { expect } from '@open-wc/testing';
import { ConsentCookie } from '../../src/store/cookie-store.js';
import { createConsent } from '../../src/consent/index.js';

describe('ConsentCookie', () => {
  const store = new ConsentCookie({ name: 'cc_store_test', path: '/', expiresDays: 182 });
  afterEach(() => store.clear());

  it('writes a cookie that document.cookie shows and read() decodes', () => {
    const consent = createConsent(['analytics'], ['marketing'], 2, 'banner');
    expect(store.write(consent)).to.equal(true);
    expect(document.cookie).to.contain('cc_store_test=v=1&r=2&');
    expect(store.read()).to.deep.equal(consent);
  });

  it('clear() deletes it', () => {
    store.write(createConsent([], ['analytics'], 0, 'api'));
    store.clear();
    expect(document.cookie).not.to.contain('cc_store_test=');
    expect(store.read()).to.equal(null);
  });
});
