/**
 * Nothing throws and nothing outside the result changes: wrong types, hostile objects, getters that
 * throw, prototype keys, oversized headers.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentMiddleware, hasConsent, parseConsent, readConsent } from '../../src/server/index.js';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import { decision } from './fixtures.js';

const { consent, value } = decision(['analytics'], ['marketing']);
const ours = `cookie_consent=${value}`;

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeNames, 'Object.prototype changed');
  const probe: Record<string, unknown> = {};
  for (const key of ['necessary', 'analytics', 'polluted', 'consent', 'categories', 'cookie']) {
    assert.equal(probe[key], undefined, `Object.prototype.${key} appeared`);
  }
});

const throwing = (): never => {
  throw new Error('hostile getter');
};
const throwingProxy = new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing });
const { proxy: revoked, revoke } = Proxy.revocable({}, {});
revoke();

/** Values of every wrong type, and objects that fight back. */
const junk: unknown[] = [
  undefined, null, 0, 1, -1, NaN, Infinity, 1n, true, false, Symbol('x'), '', ' ', ';', '=', ';;;', '=;=;',
  {}, [], [ours], [[ours]], new String(ours), { toString: () => ours }, { valueOf: () => ours },
  () => ours, new Date(), /cookie_consent/, new Map([['cookie', ours]]), Object.create(null),
  throwingProxy, revoked,
];

describe('wrong types for the header', () => {
  it('parseConsent and hasConsent return null and false', () => {
    for (const header of junk) {
      assert.equal(parseConsent(header as never), null);
      assert.equal(parseConsent(header as never, { revision: 0 }), null);
      assert.equal(hasConsent(header as never, 'analytics'), false);
      assert.equal(hasConsent(header as never, 'necessary'), true);
    }
  });
});

describe('wrong requests', () => {
  const requests: unknown[] = [
    ...junk,
    { headers: undefined }, { headers: null }, { headers: 42 }, { headers: ours }, { headers: [ours] },
    { headers: { cookie: 42 } }, { headers: { cookie: { toString: () => ours } } }, { headers: { cookie: [42, null, {}] } },
    { headers: { cookie: new String(ours) } },
    { headers: { get: () => 42 } }, { headers: { get: () => ({ toString: () => ours }) } }, { headers: { get: () => [ours] } },
    { headers: { get: throwing } }, { headers: throwingProxy }, { headers: revoked },
    { get headers() { return throwing(); } },
    { headers: { get cookie() { return throwing(); } } },
    { headers: { 'sec-gpc': { trim: () => '1' } } },
    { headers: { get: (name: string) => (name === 'sec-gpc' ? { trim: () => '1' } : null) } },
    { headers: { get cookie() { return undefined; }, get 'sec-gpc'() { return throwing(); } } },
  ];

  it('readConsent returns null, hasConsent false, the middleware sets null and calls next', () => {
    for (const req of requests) {
      assert.equal(readConsent(req as never), null);
      assert.equal(readConsent(req as never, { revision: 1, expiresDays: 1 }), null);
      assert.equal(hasConsent(req as never, 'analytics'), false);
      assert.equal(hasConsent(req as never, 'necessary'), true);
      let nextCalls = 0;
      assert.doesNotThrow(() => consentMiddleware()(req as never, {}, () => nextCalls++));
      assert.equal(nextCalls, 1);
    }
  });

  it('still reads a cookie array that mixes in non-strings', () => {
    assert.deepEqual(readConsent({ headers: { cookie: [42, ours, null] as never } }), consent);
    assert.deepEqual(readConsent({ headers: { cookie: [ours, { toString: throwing }] as never } }), consent);
  });

  it('reads Node headers that include one named "get" (any client can send that header)', () => {
    assert.deepEqual(readConsent({ headers: { get: 'x', cookie: ours } } as never), consent);
  });
});

describe('wrong categories for hasConsent', () => {
  it('is false for anything but a granted category id', () => {
    for (const category of [...junk, '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'analytics ', ' analytics', 'ANALYTICS']) {
      assert.equal(hasConsent(ours, category as never), false, typeof category === 'string' ? category : typeof category);
    }
    assert.equal(hasConsent(ours, 'analytics'), true);
  });
});

describe('wrong options', () => {
  it('are ignored: a wrong type counts as not given', () => {
    for (const options of [...junk, { cookieName: 42 }, { cookieName: '' }, { cookieName: 'a b' }, { cookieName: 'a;b' },
      { cookieName: 'a=b' }, { cookieName: {} }, { revision: '2' }, { revision: -1 }, { revision: 1.5 }, { revision: NaN },
      { revision: Infinity }, { revision: 1e10 }, { revision: null }, { revision: Symbol('r') }, { expiresDays: NaN }, { expiresDays: -5 },
      { expiresDays: 0 }, { expiresDays: '30' }, { expiresDays: null }, { get revision() { return throwing(); } },
      { get cookieName() { return throwing(); } }, { get expiresDays() { return throwing(); } }]) {
      assert.deepEqual(parseConsent(ours, options as never), consent);
      assert.deepEqual(readConsent({ headers: { cookie: ours } }, options as never), consent);
      assert.equal(hasConsent(ours, 'analytics', options as never), true);
    }
  });
});

describe('prototype keys in the cookie', () => {
  it('never become categories, and change no prototype', () => {
    for (const id of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'necessary']) {
      for (const list of ['g', 'd'] as const) {
        const hostile = value.replace(`&${list}=`, `&${list}=${id}+`);
        const result = parseConsent(`cookie_consent=${hostile}`);
        if (id === '__proto__' || id === 'necessary') {
          assert.equal(result, null, hostile); // not a category id, or one the writer never writes
        } else {
          // A legal id that happens to name a prototype member: an own key, like any other.
          assert.equal(Object.hasOwn(result!.categories, id), true);
          assert.equal(result!.categories[id], list === 'g');
          assert.equal(hasConsent(`cookie_consent=${hostile}`, id), list === 'g');
        }
      }
    }
  });

  it('never become services, and change no prototype (version 2)', () => {
    const withServices = encodeConsent(createConsent(['analytics'], ['marketing'], 0, 'banner', Date.now() - 1000, 'x', { ga4: true, youtube: false }));
    for (const id of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'necessary', 'analytics']) {
      for (const list of ['sg', 'sd'] as const) {
        const hostile = withServices.replace(`&${list}=`, `&${list}=${id}+`);
        const result = parseConsent(`cookie_consent=${hostile}`);
        if (id === '__proto__' || id === 'necessary' || id === 'analytics') {
          assert.equal(result, null, hostile); // not an id, or a category's
        } else {
          assert.equal(Object.hasOwn(result!.services!, id), true);
          assert.equal(result!.services![id], list === 'sg');
          assert.equal(hasConsent(`cookie_consent=${hostile}`, id), list === 'sg');
        }
      }
    }
  });

  it('do not confuse the header walk when used as cookie names', () => {
    const header = `__proto__=x; constructor=y; toString=z; hasOwnProperty=1; ${ours}`;
    assert.deepEqual(parseConsent(header), consent);
    assert.equal(parseConsent(header, { cookieName: '__proto__' }), null);
    assert.equal(parseConsent(`__proto__=${value}`, { cookieName: '__proto__' })?.id, consent.id);
  });
});

describe('oversized input', () => {
  const MB = 1024 * 1024;
  /** The fastest of five runs of `work`, in ms: what it costs, without what other processes took meanwhile. */
  const fastest = (work: () => unknown): number => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      work();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };

  it('a 1 MB header of other cookies, ours at the end: found', () => {
    const filler = Array.from({ length: Math.ceil(MB / 30) }, (_, i) => `c${i}=${'x'.repeat(30)}`).join('; ');
    const header = `${filler}; ${ours}`;
    assert.ok(header.length > MB);
    assert.deepEqual(parseConsent(header), consent);
    assert.deepEqual(readConsent({ headers: { cookie: header } }), consent);
    assert.equal(parseConsent(filler), null);
  });

  it('a 1 MB consent cookie value: no decision', () => {
    assert.equal(parseConsent(`cookie_consent=${value}${'a'.repeat(MB)}`), null);
    assert.equal(parseConsent(`cookie_consent=${value.replace('&g=', `&g=${'a+'.repeat(MB / 2)}`)}`), null);
    assert.equal(parseConsent(`cookie_consent=${'%41'.repeat(MB / 3)}`), null);
    const withServices = `v=2${value.slice(3)}&sg=ga4&sd=`;
    assert.equal(parseConsent(`cookie_consent=${withServices}`)?.services?.ga4, true);
    assert.equal(parseConsent(`cookie_consent=${withServices.replace('&sg=', `&sg=${'a+'.repeat(MB / 2)}`)}`), null);
  });

  it('a version-2 value without its service lists, before 1 MB of other cookies: found quickly to be none', () => {
    // The reader looks for `&sg=` inside the value only, never through the rest of the header: the 1 MB after the
    // copies costs next to nothing (compared with the copies alone, in this process, so a busy machine cannot fail it).
    const copies = Array.from({ length: 180 }, () => `cookie_consent=v=2${value.slice(3)}`).join('; ');
    const header = `${copies}; x=${'a'.repeat(MB)}`;
    assert.equal(parseConsent(header), null);
    assert.ok(fastest(() => parseConsent(header)) < 3 * fastest(() => parseConsent(copies)) + 1, 'the rest of the header was read');
  });

  it('1 MB of the cookie name over and over: no decision, and a valid one after it is found', () => {
    const repeated = 'cookie_consent=;'.repeat(MB / 16);
    assert.equal(parseConsent(repeated), null);
    // Only the first 180 copies are looked at (what a browser keeps for one site): more is someone stuffing the header.
    assert.equal(parseConsent(repeated + ours), null);
    assert.deepEqual(parseConsent('cookie_consent=;'.repeat(179) + ours), consent);
    assert.equal(parseConsent('cookie_consent=;'.repeat(180) + ours), null);
    assert.equal(parseConsent('cookie_consent'.repeat(MB / 14)), null);
    assert.equal(parseConsent('cookie_consent=%;'.repeat(MB / 17)), null);
    assert.equal(parseConsent('cookie_consent="v=1&r=%"; '.repeat(MB / 26)), null);
    assert.equal(parseConsent(' '.repeat(MB) + 'cookie_consent' + ' '.repeat(MB)), null);
  });

  it('1 MB of valid copies with 64 categories each: the newest of the first 180, in a bounded time', () => {
    const ids = Array.from({ length: 64 }, (_, i) => `category-${i}`);
    const copy = (i: number) => encodeConsent(createConsent(ids.slice(0, 32), ids.slice(32), 0, 'banner', Date.now() - 1000 * (100 - (i % 100)), `c${i}`));
    const copies: string[] = [];
    for (let size = 0; size < MB; size += copies.at(-1)!.length + 2) copies.push(`cookie_consent=${copy(copies.length)}`);
    const header = copies.join('; ');
    assert.equal(parseConsent(header)?.id, 'c99');
    assert.equal(parseConsent(header, { expiresDays: 182, revision: 0 })?.id, 'c99');
    // The copies after the first 180 cost nothing: 1 MB (about 1,300 copies) takes about as long as those 180 alone,
    // where without the cap it took seven times as long (compared in this process, so a busy machine cannot fail it).
    const first = copies.slice(0, 180).join('; ');
    assert.ok(fastest(() => parseConsent(header, { expiresDays: 182 })) < 3 * fastest(() => parseConsent(first, { expiresDays: 182 })) + 1, 'more than 180 copies were decoded');
  });

  it('a 1 MB value of every character: no decision', () => {
    const codes = new Uint16Array(MB);
    for (let i = 0, code = 0; i < MB; i++, code = (code + 7919) % 0x10000) codes[i] = code;
    const junkValue = new TextDecoder('utf-16le').decode(codes);
    assert.equal(parseConsent(`cookie_consent=${junkValue}`), null);
    assert.equal(parseConsent(junkValue), null);
  });
});
