/** hasConsent and readConsent for services (CONTRACT section 9): the decision's entry, else the category's. */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import { hasConsent, readConsent } from '../../src/server/index.js';
import { DAY } from './fixtures.js';

/** A `Cookie` header holding a decision made a day ago. */
function header(granted: string[], refused: string[], services?: Record<string, boolean>): string {
  return `cookie_consent=${encodeConsent(createConsent(granted, refused, 0, 'preferences', Date.now() - DAY, 'services01', services))}`;
}

let warnings: unknown[][] = [];
const consoleWarn = console.warn;
beforeEach(() => {
  warnings = [];
  console.warn = (...args: unknown[]) => void warnings.push(args);
});
afterEach(() => {
  console.warn = consoleWarn;
});

describe('hasConsent for a service', () => {
  it('answers with the decision\'s entry for the service, whatever its category says', () => {
    const cookie = header(['analytics'], ['marketing'], { ga4: false, clarity: true, youtube: true });
    assert.equal(hasConsent(cookie, 'analytics'), true);
    assert.equal(hasConsent(cookie, 'ga4'), false); // analytics granted, ga4 refused
    assert.equal(hasConsent(cookie, 'clarity'), true);
    assert.equal(hasConsent(cookie, 'youtube'), true); // marketing refused, youtube granted
    assert.equal(hasConsent(new Request('https://shop.example/', { headers: { cookie } }), 'ga4'), false);
    assert.equal(hasConsent({ headers: { cookie } }, 'youtube'), true);
  });

  it('without an entry, answers with the category of its preset (a version-1 cookie: no services)', () => {
    const cookie = header(['analytics'], ['marketing']);
    assert.ok(cookie.includes('=v=1&'));
    assert.equal(hasConsent(cookie, 'ga4'), true); // preset ga4: analytics
    assert.equal(hasConsent(cookie, 'youtube'), false); // preset youtube: marketing
    assert.equal(hasConsent(header(['marketing'], ['analytics']), 'youtube'), true);
    assert.equal(hasConsent(header([], []), 'ga4'), false); // analytics undecided
  });

  it('without an entry or a preset, answers with options.serviceCategories (a version-1 cookie), else false', () => {
    const cookie = header(['preferences'], ['analytics']);
    assert.equal(hasConsent(cookie, 'chat'), false);
    assert.equal(hasConsent(cookie, 'chat', { serviceCategories: { chat: 'preferences' } }), true);
    assert.equal(hasConsent(cookie, 'chat', { serviceCategories: { chat: 'analytics' } }), false);
    // The options name the category of a preset too (a site may file ga4 elsewhere) ...
    assert.equal(hasConsent(cookie, 'ga4', { serviceCategories: { ga4: 'preferences' } }), true);
    // ... but the decision's own entry still wins.
    assert.equal(hasConsent(header(['preferences'], ['analytics'], { ga4: false }), 'ga4', { serviceCategories: { ga4: 'preferences' } }), false);
    assert.deepEqual(warnings, []);
  });

  it('a service that a decision with services does not name was added since: not granted, whatever its category says', () => {
    // The visitor granted analytics when it held ga4 alone; the site has added hotjar (analytics) and chat since.
    const cookie = header(['analytics', 'preferences'], [], { ga4: true });
    assert.equal(hasConsent(cookie, 'ga4'), true);
    assert.equal(hasConsent(cookie, 'analytics'), true);
    assert.equal(hasConsent(cookie, 'hotjar'), false);
    assert.equal(hasConsent(cookie, 'chat', { serviceCategories: { chat: 'preferences' } }), false);
    // The same decision without services (version 1) answers with the category.
    assert.equal(hasConsent(header(['analytics'], []), 'hotjar'), true);
  });

  it('ignores a bad serviceCategories, warning once per option', () => {
    const cookie = header(['analytics'], []);
    for (let i = 0; i < 3; i++) {
      assert.equal(hasConsent(cookie, 'chat', { serviceCategories: 'analytics' as never }), false);
      assert.equal(hasConsent(cookie, 'chat', { serviceCategories: { chat: '__proto__' } }), false);
      assert.equal(hasConsent(cookie, 'ga4', { serviceCategories: { ga4: 42 } as never }), true); // the preset's
    }
    assert.equal(warnings.length, 3, JSON.stringify(warnings));
    assert.match(String(warnings[0]![0]), /serviceCategories/);
  });

  it('is false without a decision, and under GPC; necessary always', () => {
    assert.equal(hasConsent('', 'ga4'), false);
    assert.equal(hasConsent({ headers: {} }, 'ga4'), false);
    const gpc = { headers: { 'sec-gpc': '1' } };
    assert.equal(hasConsent(gpc, 'ga4'), false);
    assert.equal(hasConsent(gpc, 'chat', { serviceCategories: { chat: 'analytics' } }), false);
    assert.equal(hasConsent(gpc, 'necessary'), true);
    // A service filed under necessary is granted like necessary itself.
    assert.equal(hasConsent('', 'session-store', { serviceCategories: { 'session-store': 'necessary' } }), true);
  });

  it('reads prototype member names as no service', () => {
    const cookie = header(['analytics'], []);
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(hasConsent(cookie, id), false, id);
      assert.equal(hasConsent(cookie, id, { serviceCategories: { [id]: 'analytics' } }), id !== '__proto__', id);
    }
  });
});

describe('readConsent with services', () => {
  it('returns the services decided on, and no services field for a decision without them', () => {
    const withServices = readConsent({ headers: { cookie: header(['analytics'], ['marketing'], { ga4: true, youtube: false }) } });
    assert.deepEqual(withServices?.services, { ga4: true, youtube: false });
    const without = readConsent({ headers: { cookie: header(['analytics'], ['marketing']) } });
    assert.equal(without !== null && Object.hasOwn(without, 'services'), false);
  });
});
