/** readConsent, hasConsent and consentMiddleware on requests: Fetch API Request objects and Node-style messages. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentMiddleware, hasConsent, parseConsent, readConsent, type Consent } from '../../src/server/index.js';
import { decision } from './fixtures.js';

const fetchRequest = (headers: Record<string, string>) => new Request('https://shop.example/', { headers });
const nodeMessage = (headers: Record<string, string | string[] | undefined>) => ({ headers });

/** Checks a GPC refusal read between `before` and now. */
function assertGpc(consent: Consent | null, revision: number, before: number): void {
  assert.ok(consent !== null, 'expected a GPC refusal');
  const { timestamp, ...rest } = consent;
  assert.deepEqual(rest, { categories: { necessary: true }, revision, id: '', source: 'gpc' });
  assert.ok(timestamp >= before && timestamp <= Date.now(), `timestamp ${timestamp} is the time of reading`);
}

describe('readConsent', () => {
  const { consent, value } = decision(['analytics'], ['marketing'], { revision: 1 });

  it('reads the Cookie header of a Fetch API Request', () => {
    assert.deepEqual(readConsent(fetchRequest({ cookie: `a=1; cookie_consent=${value}` })), consent);
    assert.deepEqual(readConsent(fetchRequest({ Cookie: `cookie_consent=${value}` })), consent);
    assert.equal(readConsent(fetchRequest({ cookie: 'a=1' })), null);
    assert.equal(readConsent(fetchRequest({})), null);
  });

  it('reads the cookie header of a Node IncomingMessage shape', () => {
    assert.deepEqual(readConsent(nodeMessage({ cookie: `a=1; cookie_consent=${value}` })), consent);
    assert.equal(readConsent(nodeMessage({})), null);
    assert.equal(readConsent(nodeMessage({ cookie: undefined })), null);
  });

  it('reads a cookie header given as an array of lines', () => {
    assert.deepEqual(readConsent(nodeMessage({ cookie: ['a=1', `cookie_consent=${value}`] })), consent);
    assert.deepEqual(readConsent(nodeMessage({ cookie: [`cookie_consent=${value}`, 'b=2'] })), consent);
  });

  it('applies revision and expiresDays like parseConsent', () => {
    const request = fetchRequest({ cookie: `cookie_consent=${value}` });
    assert.deepEqual(readConsent(request, { revision: 1, expiresDays: 30 }), consent);
    assert.equal(readConsent(request, { revision: 2 }), null);
    assert.equal(readConsent(request, { expiresDays: 0.25 }), null);
  });

  it('reads cookieName', () => {
    assert.deepEqual(readConsent(nodeMessage({ cookie: `cc=${value}` }), { cookieName: 'cc' }), consent);
    assert.equal(readConsent(nodeMessage({ cookie: `cc=${value}` })), null);
  });
});

describe('Global Privacy Control (Sec-GPC: 1)', () => {
  const { consent, value } = decision(['analytics', 'marketing'], [], { revision: 1 });

  it('without a decision, reads as a refusal of every optional category', () => {
    const before = Date.now();
    assertGpc(readConsent(fetchRequest({ 'sec-gpc': '1' })), 0, before);
    assertGpc(readConsent(fetchRequest({ 'Sec-GPC': '1', cookie: 'a=1' })), 0, before);
    assertGpc(readConsent(nodeMessage({ 'sec-gpc': '1' })), 0, before);
    assertGpc(readConsent(nodeMessage({ 'sec-gpc': ' 1 ' })), 0, before);
  });

  it('records options.revision in the refusal', () => {
    const before = Date.now();
    assertGpc(readConsent(nodeMessage({ 'sec-gpc': '1' }), { revision: 7 }), 7, before);
  });

  it('replaces a decision that is not current', () => {
    const before = Date.now();
    const request = fetchRequest({ cookie: `cookie_consent=${value}`, 'sec-gpc': '1' });
    assertGpc(readConsent(request, { revision: 2 }), 2, before);
    assert.equal(hasConsent(request, 'analytics', { revision: 2 }), false);
  });

  it('gives way to a valid stored decision', () => {
    const request = fetchRequest({ cookie: `cookie_consent=${value}`, 'sec-gpc': '1' });
    assert.deepEqual(readConsent(request, { revision: 1 }), consent);
    assert.equal(hasConsent(request, 'analytics'), true);
  });

  it('makes hasConsent false for every optional category, true for necessary', () => {
    const request = nodeMessage({ 'sec-gpc': '1' });
    for (const category of ['analytics', 'marketing', 'preferences', 'anything']) {
      assert.equal(hasConsent(request, category), false, category);
    }
    assert.equal(hasConsent(request, 'necessary'), true);
  });

  it('counts only the value 1', () => {
    for (const gpc of ['0', '', 'true', 'yes', '11', '1;', '2']) {
      assert.equal(readConsent(fetchRequest({ 'sec-gpc': gpc })), null, JSON.stringify(gpc));
      assert.equal(readConsent(nodeMessage({ 'sec-gpc': gpc })), null, JSON.stringify(gpc));
    }
  });

  it('does not affect parseConsent, which has no request', () => {
    assert.equal(parseConsent('sec-gpc=1'), null);
    assert.equal(hasConsent('sec-gpc=1', 'analytics'), false);
  });

  it('counts for nothing with ignoreGpc, as on the element with ignore-gpc: no decision until the visitor makes one', () => {
    for (const request of [fetchRequest({ 'sec-gpc': '1' }), nodeMessage({ 'sec-gpc': '1' })]) {
      assert.equal(readConsent(request, { ignoreGpc: true }), null);
      assert.equal(hasConsent(request, 'analytics', { ignoreGpc: true }), false);
      assert.equal(hasConsent(request, 'necessary', { ignoreGpc: true }), true);
      // false is the default: the signal counts.
      assertGpc(readConsent(request, { ignoreGpc: false }), 0, 0);
    }
    const stored = fetchRequest({ cookie: `cookie_consent=${value}`, 'sec-gpc': '1' });
    assert.deepEqual(readConsent(stored, { ignoreGpc: true }), consent);
    assert.equal(readConsent(stored, { ignoreGpc: true, revision: 2 }), null);
    // The same options object, changed between two calls: read anew each time.
    const options: { ignoreGpc?: boolean } = { ignoreGpc: true };
    assert.equal(readConsent(nodeMessage({ 'sec-gpc': '1' }), options), null);
    options.ignoreGpc = false;
    assert.equal(readConsent(nodeMessage({ 'sec-gpc': '1' }), options)?.source, 'gpc');
  });
});

describe('hasConsent on a request', () => {
  const { value } = decision(['analytics'], ['marketing']);
  it('answers from the decision', () => {
    for (const request of [fetchRequest({ cookie: `cookie_consent=${value}` }), nodeMessage({ cookie: `cookie_consent=${value}` })]) {
      assert.equal(hasConsent(request, 'analytics'), true);
      assert.equal(hasConsent(request, 'marketing'), false);
      assert.equal(hasConsent(request, 'preferences'), false);
      assert.equal(hasConsent(request, 'necessary'), true);
    }
  });
});

describe('consentMiddleware', () => {
  const { consent, value } = decision(['analytics'], [], { revision: 3 });

  function run(middleware: ReturnType<typeof consentMiddleware>, req: object): { req: { consent?: Consent | null }; nextCalls: unknown[][] } {
    const nextCalls: unknown[][] = [];
    middleware(req as never, {}, (...args: unknown[]) => nextCalls.push(args));
    return { req: req as { consent?: Consent | null }, nextCalls };
  }

  it('sets req.consent and calls next() once, without an error', () => {
    const { req, nextCalls } = run(consentMiddleware(), nodeMessage({ cookie: `cookie_consent=${value}` }));
    assert.deepEqual(req.consent, consent);
    assert.deepEqual(nextCalls, [[]]);
  });

  it('sets req.consent to null without a decision, and to a refusal with GPC', () => {
    assert.equal(run(consentMiddleware(), nodeMessage({})).req.consent, null);
    assert.equal(run(consentMiddleware({ revision: 4 }), nodeMessage({ cookie: `cookie_consent=${value}` })).req.consent, null);
    assert.equal(run(consentMiddleware(), nodeMessage({ 'sec-gpc': '1' })).req.consent?.source, 'gpc');
    assert.equal(run(consentMiddleware({ ignoreGpc: true }), nodeMessage({ 'sec-gpc': '1' })).req.consent, null);
  });

  it('applies its options', () => {
    const middleware = consentMiddleware({ cookieName: 'cc', revision: 3, expiresDays: 30 });
    assert.deepEqual(run(middleware, nodeMessage({ cookie: `cc=${value}` })).req.consent, consent);
    assert.equal(run(middleware, nodeMessage({ cookie: `cookie_consent=${value}` })).req.consent, null);
  });

  it('still calls next() for a request it cannot read or write to', () => {
    for (const req of [{}, { headers: null }, Object.freeze({ headers: { cookie: `cookie_consent=${value}` } })]) {
      assert.deepEqual(run(consentMiddleware(), req).nextCalls, [[]]);
    }
  });

  it('lets an error thrown by the next handler reach the app', () => {
    const middleware = consentMiddleware();
    assert.throws(() => middleware(nodeMessage({}), {}, () => { throw new Error('route failed'); }), /route failed/);
  });

  it('is a three-argument function, as Express and Connect expect of a non-error middleware', () => {
    assert.equal(consentMiddleware().length, 3);
  });
});
