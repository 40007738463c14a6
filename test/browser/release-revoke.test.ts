import { expect } from '@open-wc/testing';
import { connectRelease } from '../../src/release/index.js';
import { deleteCookies, matchesCookie } from '../../src/release/revoke.js';
import { fakeHost, type FakeHost } from './release-host.js';

const names = () => document.cookie.split(';').map((pair) => pair.split('=')[0]!.trim()).filter(Boolean);

describe('revocation', () => {
  let host: FakeHost;
  let stop: () => void;

  beforeEach(() => {
    host = fakeHost();
    host.cookies = { analytics: ['_ga', '_ga_*', '_gid'], marketing: ['_fbp'] };
  });
  afterEach(() => {
    stop?.();
    host.remove();
    deleteCookies(['_ga', '_ga_*', '_gid', '_fbp', 'keep_me', '_gab']);
  });

  it('matches exact names and prefixes, never everything', () => {
    expect(matchesCookie('_ga', '_ga')).to.equal(true);
    expect(matchesCookie('_gab', '_ga')).to.equal(false);
    expect(matchesCookie('_ga_XYZ', '_ga_*')).to.equal(true);
    expect(matchesCookie('_ga', '_ga_*')).to.equal(false);
    expect(matchesCookie('cookie_consent', '*')).to.equal(false);
  });

  it('never deletes the consent cookie (nor a copy: they share its value\'s format), even when a pattern matches its name (cookies="cookie*")', () => {
    const decision = 'v=1&r=0&t=1767225600000&id=abc&s=banner&g=&d=analytics';
    document.cookie = `cookie_consent=${decision}; Path=/`;
    document.cookie = 'cookie_tracker=1; Path=/';
    expect(deleteCookies(['cookie*'])).to.deep.equal(['cookie_tracker']);
    expect(names()).to.include('cookie_consent').and.not.include('cookie_tracker');
    document.cookie = 'cookie_consent=; Path=/; Max-Age=0';
  });

  /** Deletion comes in a microtask: once what something granted still claims is known (a preset's list may need fetching). */
  const deleted = () => new Promise((resolve) => setTimeout(resolve));

  it('deletes the cookies of a revoked category, exact names and prefixes, and leaves the rest', async () => {
    host.decide(['analytics', 'marketing']);
    stop = connectRelease(host);
    for (const cookie of ['_ga=GA1.1.1', '_ga_XYZ=GS1.1', '_ga_ABC=GS1.2', '_gid=1', '_gab=keep', '_fbp=fb.1', 'keep_me=1']) {
      document.cookie = `${cookie}; Path=/`;
    }
    expect(names()).to.include.members(['_ga', '_ga_XYZ', '_ga_ABC', '_gid', '_fbp']);

    host.decide(['marketing']);
    await deleted();
    expect(names()).to.not.include.members(['_ga']);
    expect(names().filter((name) => ['_ga', '_ga_XYZ', '_ga_ABC', '_gid'].includes(name))).to.deep.equal([]);
    expect(names()).to.include.members(['_gab', '_fbp', 'keep_me']);
  });

  it('deletes every copy of a name on a deep page: at / and at an ancestor path, though js-cookie cannot read one of them', async () => {
    // A page under /test/e2e/: cookies at a longer path are listed only on pages under it, and this page is at /. The
    // module is loaded again inside the frame, so it uses the frame's document.
    const frame = document.createElement('iframe');
    frame.src = '/test/e2e/fixtures/blocking/frame.html';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const view = frame.contentWindow as Window & { eval(code: string): Promise<{ deleteCookies: typeof deleteCookies }> };
    const { deleteCookies: deleteThere } = await view.eval(`import('/src/release/revoke.ts')`);
    const doc = view.document;
    const there = () => doc.cookie.split(';').map((pair) => pair.split('=')[0]!.trim());
    try {
      doc.cookie = '_ga=GA1.1.1; Path=/';
      // Written by a legacy escape(): a value decodeURIComponent refuses, which js-cookie skips.
      doc.cookie = '_ga=caf%E9; Path=/test/e2e';
      doc.cookie = '_gid=1; Path=/test/e2e/fixtures';
      expect(there().filter((name) => name === '_ga')).to.have.length(2);
      expect(deleteThere(['_ga', '_gid'])).to.have.members(['_ga', '_gid']);
      expect(there().filter((name) => name === '_ga' || name === '_gid')).to.deep.equal([]);
    } finally {
      for (const path of ['/', '/test/e2e', '/test/e2e/fixtures']) doc.cookie = `_ga=; Path=${path}; Max-Age=0`;
      frame.remove();
    }
  });

  // The browser keeps (and deletes) a `__Secure-` or `__Host-` cookie only with `Secure`; localhost counts as secure.
  it('deletes prefixed names too: __Secure- at every scope, __Host- where it can only live', () => {
    document.cookie = '__Secure-stats_id=1; Path=/; Secure';
    document.cookie = '__Host-stats_ses=1; Path=/; Secure';
    expect(names(), 'the browser stored both').to.include.members(['__Secure-stats_id', '__Host-stats_ses']);
    expect(deleteCookies(['__Secure-stats_*', '__Host-stats_ses']).sort()).to.deep.equal(['__Host-stats_ses', '__Secure-stats_id']);
    expect(names()).to.not.include.members(['__Secure-stats_id']);
    expect(names()).to.not.include('__Host-stats_ses');
  });

  it('deletes the cookies of a category refused in a first decision', async () => {
    stop = connectRelease(host);
    document.cookie = '_fbp=fb.1; Path=/';
    host.decide(['analytics']);
    await deleted();
    expect(names()).to.not.include('_fbp');
  });

  it('keeps a cookie that a granted category claims too', async () => {
    host.cookies = { analytics: ['_ga', '_gid'], marketing: ['_ga', '_fbp'] };
    stop = connectRelease(host);
    for (const cookie of ['_ga=GA1.1.1', '_gid=1', '_fbp=fb.1']) document.cookie = `${cookie}; Path=/`;
    host.decide(['marketing']);
    await deleted();
    expect(names()).to.include.members(['_ga', '_fbp']).and.not.include('_gid');
  });

  /** A preset's list still on its way, and the `arrive()` that brings it. */
  const onItsWay = (list: string[]) => {
    let arrive!: () => void;
    const promise = new Promise<readonly string[]>((resolve) => (arrive = () => resolve(list)));
    return { promise, arrive };
  };

  it('deletes a refused category\'s own names at once, and its preset\'s list once it arrives', async () => {
    const preset = onItsWay(['_ga_*']);
    host.cookies = { analytics: ['_gid', preset.promise] };
    host.decide(['analytics']);
    stop = connectRelease(host);
    for (const cookie of ['_gid=1', '_ga_XYZ=GS1.1']) document.cookie = `${cookie}; Path=/`;
    host.decide([]);
    await deleted();
    expect(names(), 'the own name, without waiting for the list').to.not.include('_gid');
    expect(names()).to.include('_ga_XYZ');
    preset.arrive();
    await deleted();
    expect(names()).to.not.include('_ga_XYZ');
  });

  it('deletes nothing of a list that arrives after the visitor granted its category again', async () => {
    const preset = onItsWay(['_ga', '_ga_*']);
    host.cookies = { analytics: [preset.promise] };
    host.decide(['analytics']);
    stop = connectRelease(host);
    for (const cookie of ['_ga=GA1.1.1', '_ga_XYZ=GS1.1']) document.cookie = `${cookie}; Path=/`;
    host.decide([]);
    await deleted();
    host.decide(['analytics']);
    preset.arrive();
    await deleted();
    expect(names()).to.include.members(['_ga', '_ga_XYZ']);
  });

  it('does not reload unless asked to', () => {
    host.decide(['analytics']);
    stop = connectRelease(host);
    host.decide([]); // a reload here would end the test run with an error
    expect(host.consent!.categories.analytics).to.equal(false);
  });
});
