/**
 * Property tests (fast-check): whatever arrives, the server helper never throws, returns either
 * null or a record the encoder can write back unchanged, and leaves Object.prototype alone.
 * 24,000 generated cases (each read several ways); a few seconds.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CATEGORY_ID, SOURCES, createConsent, decodeConsent, encodeConsent, type Consent } from '../../src/consent/index.js';
import { consentMiddleware, hasConsent, parseConsent, readConsent } from '../../src/server/index.js';

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
let inputs = 0;

after(() => {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeNames);
  assert.ok(inputs >= 20_000, `only ${inputs} generated inputs`);
});

/** A result is null or a valid record: it survives encodeConsent → decodeConsent unchanged. */
function assertRecordOrNull(result: Consent | null): void {
  inputs++;
  if (result === null) return;
  assert.deepEqual(decodeConsent(encodeConsent(result)), result);
  assert.equal(result.categories.necessary, true);
  for (const category of Object.keys(result.categories)) {
    assert.ok(category === 'necessary' || CATEGORY_ID.test(category), category);
  }
  assert.equal(Object.getPrototypeOf(result.categories), Object.prototype);
  assert.ok(!Object.hasOwn(result.categories, '__proto__'));
  if (!Object.hasOwn(result, 'services')) return;
  // Services (version 2): at least one, valid ids, none taking a category's id.
  const services = Object.keys(result.services!);
  assert.ok(services.length > 0);
  for (const service of services) {
    assert.ok(CATEGORY_ID.test(service) && !Object.hasOwn(result.categories, service), service);
    assert.equal(typeof result.services![service], 'boolean');
  }
  assert.equal(Object.getPrototypeOf(result.services), Object.prototype);
}

const categoryId = fc.oneof(
  fc.constantFrom('analytics', 'marketing', 'preferences', 'stats-pro', 'video_2', 'constructor', 'toString', '0', '9x'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/),
);
const source = fc.constantFrom(...SOURCES);

/** Real records, encoded by the real encoder: dated up to now (a copy dated ahead of the clock is no decision). */
const validValue = fc
  .record({
    granted: fc.uniqueArray(categoryId, { maxLength: 6 }),
    refused: fc.uniqueArray(categoryId, { maxLength: 6 }),
    revision: fc.integer({ min: 0, max: 999_999_999 }),
    timestamp: fc.integer({ min: 0, max: Date.now() }),
    source,
    // Half without services (version 1), half with (version 2, when one survives createConsent).
    services: fc.option(fc.dictionary(fc.oneof(categoryId, fc.constantFrom('ga4', 'meta-pixel', 'youtube')), fc.boolean(), { maxKeys: 6 })),
  })
  .map(({ granted, refused, revision, timestamp, source: from, services }) =>
    encodeConsent(createConsent(granted, refused, revision, from, timestamp, undefined, services ?? undefined)),
  );

const noise = fc.constantFrom('__proto__', 'constructor', 'prototype', 'necessary', '&', '=', '+', ';', '"', '%', '%2', '%26', '%E0%A4%A', ' ', '\t', '\u0000', '\uD800', 'é', 'v=2', 'v=1&r=', '&sg=', '&sd=', '&d=', '9'.repeat(20), '-1', '1e3', '0x1', 'NaN');

/** Valid values, then broken in the ways real damage and attackers break them. */
const mutatedValue = fc.tuple(validValue, fc.array(fc.tuple(fc.nat(), fc.nat(7), noise), { minLength: 1, maxLength: 4 })).map(([value, edits]) => {
  let out = value;
  for (const [at, kind, text] of edits) {
    const i = at % (out.length + 1);
    const fields = out.split('&');
    switch (kind) {
      case 0: out = out.slice(0, i); break; // truncate
      case 1: out = out.slice(0, i) + text + out.slice(i); break; // insert
      case 2: out = out.slice(0, i) + out.slice(i + 1 + (at % 5)); break; // delete
      case 3: out = out.slice(0, i) + String.fromCharCode(out.charCodeAt(i) ^ (1 << (at % 7))) + out.slice(i + 1); break; // flip a bit
      case 4: { // swap two fields
        const a = at % fields.length;
        const b = (at >> 3) % fields.length;
        [fields[a], fields[b]] = [fields[b]!, fields[a]!];
        out = fields.join('&');
        break;
      }
      case 5: out = out.replace(/([rt]=)\d+/, `$1${'9'.repeat(10 + (at % 20))}`); break; // huge numbers
      case 6: out = out.replace(at % 2 ? /(s?[gd]=)/ : /(s[gd]=)/, `$1${text}+`); break; // hostile or odd category or service ids
      default: out = out.replace(/^v=\d/, `v=${at % 10}`); break; // another version (1 and 2 each other's)
    }
  }
  return out;
});

/** A cookie pair that is not ours. */
const otherPair = fc.tuple(fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), fc.string({ maxLength: 30 })).map(([name, value]) => `${name}=${value}`);

/** encodeURIComponent, except for a lone surrogate, which it cannot escape: then left as it is. */
function escape(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Headers of other cookies with, sometimes, ours among them: a real value, or a damaged one, plain,
 * quoted or escaped. `expected` is what must be read when that is certain (our cookie absent, or real).
 */
const header = fc
  .tuple(
    fc.array(otherPair, { maxLength: 8 }),
    fc.oneof(
      fc.constant(undefined),
      validValue.map((value) => ({ value, real: true })),
      mutatedValue.map((value) => ({ value, real: false })),
    ),
    fc.constantFrom('plain', 'quoted', 'escaped'),
    fc.nat(),
    fc.constantFrom('; ', ';', ' ; ', ';\t'),
  )
  .map(([pairs, ours, form, at, separator]) => {
    if (ours !== undefined) {
      const { value } = ours;
      const shown = form === 'quoted' ? `"${value}"` : form === 'escaped' ? escape(value) : value;
      pairs.splice(at % (pairs.length + 1), 0, `cookie_consent=${shown}`);
    }
    const expected = ours === undefined ? null : ours.real ? decodeConsent(ours.value) : undefined;
    return { text: pairs.join(separator), expected };
  });

const options = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      cookieName: fc.oneof(fc.constant('cookie_consent'), fc.string({ maxLength: 16 }), fc.anything()),
      revision: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.anything()),
      expiresDays: fc.oneof(fc.double(), fc.integer({ min: -1, max: 1000 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe('fuzz', () => {
  it('random strings as a Cookie header (6,000)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', maxLength: 200 })), options, (text, opts) => {
        assertRecordOrNull(parseConsent(text, opts as never));
        assertRecordOrNull(parseConsent(`cookie_consent=${text}`, opts as never));
        assert.equal(typeof hasConsent(text, 'analytics', opts as never), 'boolean');
      }),
      { numRuns: 6_000 },
    );
  });

  it('real values survive the round trip; damaged ones read as null or as a valid record (10,000)', () => {
    fc.assert(
      fc.property(validValue, mutatedValue, (value, damaged) => {
        const read = parseConsent(`cookie_consent=${value}`);
        assert.ok(read !== null, value);
        assert.equal(encodeConsent(read), value.replace(/&r=0+(?=\d)/, '&r=').replace(/&t=0+(?=\d)/, '&t='));
        assertRecordOrNull(read);
        assertRecordOrNull(parseConsent(`cookie_consent=${damaged}`));
        assertRecordOrNull(decodeConsent(damaged));
      }),
      { numRuns: 10_000 },
    );
  });

  it('random headers with our cookie somewhere: found when real, absent when absent (6,000)', () => {
    fc.assert(
      fc.property(header, options, ({ text, expected }, opts) => {
        // Other cookies are named from [A-Za-z0-9_.-]{1,12}: none is ours, so the answer is certain.
        if (expected !== undefined) assert.deepEqual(parseConsent(text), expected, text);
        assertRecordOrNull(parseConsent(text, opts as never));
        assertRecordOrNull(readConsent({ headers: { cookie: text } }, opts as never));
        const printable = text.replace(/[^\t\x20-\x7e]/g, ''); // what a Headers object accepts
        assertRecordOrNull(readConsent(new Request('http://x/', { headers: { cookie: printable } }), opts as never));
      }),
      { numRuns: 6_000 },
    );
  });

  it('anything as request, header, category or options (2,000)', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), fc.anything(), options, (thing, category, opts) => {
        assertRecordOrNull(parseConsent(thing as never, opts as never));
        assertRecordOrNull(readConsent(thing as never, opts as never));
        assertRecordOrNull(readConsent({ headers: thing } as never, opts as never));
        assertRecordOrNull(readConsent({ headers: { cookie: thing, 'sec-gpc': thing } } as never, opts as never) && null);
        const granted = hasConsent(thing as never, category as never, opts as never);
        assert.equal(typeof granted, 'boolean');
        assert.equal(hasConsent(thing as never, 'necessary', opts as never), true);
        let nextCalls = 0;
        consentMiddleware(opts as never)(thing as never, {}, () => nextCalls++);
        assert.equal(nextCalls, 1);
      }),
      { numRuns: 2_000 },
    );
  });
});
