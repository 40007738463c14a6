/** parseConsent and hasConsent on a Cookie header, against values from the real encoder. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConsent, decodeConsent, encodeConsent } from '../../src/consent/index.js';
import { hasConsent, parseConsent } from '../../src/server/index.js';
import { DAY, decision } from './fixtures.js';
import { CLOCK_SKEW, isAhead } from '../../src/consent/rules.js';

describe('parseConsent', () => {
  it('reads the record the element wrote, under the default name cookie_consent', () => {
    const { consent, value } = decision(['analytics', 'preferences'], ['marketing'], { revision: 3 });
    assert.deepEqual(parseConsent(`cookie_consent=${value}`), consent);
    assert.deepEqual(parseConsent(`session=abc; cookie_consent=${value}; theme=dark`), consent);
  });

  it('returns a plain record: categories with necessary granted, every optional one decided', () => {
    const { value } = decision(['stats-pro'], ['marketing', 'video_2']);
    const consent = parseConsent(`cookie_consent=${value}`)!;
    assert.deepEqual(consent.categories, { necessary: true, 'stats-pro': true, marketing: false, video_2: false });
    assert.equal(Object.getPrototypeOf(consent), Object.prototype);
    assert.equal(consent.source, 'banner');
    assert.match(consent.id, /^[A-Za-z0-9_-]{12}$/);
  });

  it('reads a decision with no optional category and every source', () => {
    for (const source of ['banner', 'preferences', 'api', 'gpc', 'trigger', 'placeholder'] as const) {
      const { consent, value } = decision([], [], { source });
      assert.deepEqual(parseConsent(`cookie_consent=${value}`), consent);
    }
  });

  it('looks for cookieName when given, and only for it', () => {
    const { consent, value } = decision();
    assert.deepEqual(parseConsent(`site_consent=${value}`, { cookieName: 'site_consent' }), consent);
    assert.equal(parseConsent(`site_consent=${value}`), null);
    assert.equal(parseConsent(`cookie_consent=${value}`, { cookieName: 'site_consent' }), null);
  });

  it('does not take a cookie whose name merely contains cookie_consent', () => {
    const { value } = decision();
    for (const header of [
      `xcookie_consent=${value}`,
      `cookie_consent_old=${value}`,
      `cookie_consentx=${value}`,
      `a=cookie_consent=${value}`,
      `a="x cookie_consent=${value}"`,
    ]) {
      assert.equal(parseConsent(header), null, header);
    }
  });

  describe('revision', () => {
    const { consent, value } = decision(['analytics'], [], { revision: 2 });
    it('when given, reads a decision for that revision', () => {
      assert.deepEqual(parseConsent(`cookie_consent=${value}`, { revision: 2 }), consent);
    });
    it('when given, reads a decision for another revision as null', () => {
      assert.equal(parseConsent(`cookie_consent=${value}`, { revision: 3 }), null);
      assert.equal(parseConsent(`cookie_consent=${value}`, { revision: 0 }), null);
      assert.equal(hasConsent(`cookie_consent=${value}`, 'analytics', { revision: 3 }), false);
    });
    it('when not given, reads a decision for any revision', () => {
      assert.deepEqual(parseConsent(`cookie_consent=${value}`), consent);
      assert.deepEqual(parseConsent(`cookie_consent=${value}`, {}), consent);
      assert.deepEqual(parseConsent(`cookie_consent=${value}`, { revision: undefined }), consent);
    });
  });

  describe('expiresDays', () => {
    const old = decision(['analytics'], [], { ageDays: 200 });
    const fresh = decision(['analytics'], [], { ageDays: 10 });
    it('when given, reads an older decision as null', () => {
      assert.equal(parseConsent(`cookie_consent=${old.value}`, { expiresDays: 182 }), null);
      assert.equal(parseConsent(`cookie_consent=${fresh.value}`, { expiresDays: 7 }), null);
      assert.equal(parseConsent(`cookie_consent=${fresh.value}`, { expiresDays: 0.5 }), null);
    });
    it('when given, reads a younger decision', () => {
      assert.deepEqual(parseConsent(`cookie_consent=${fresh.value}`, { expiresDays: 182 }), fresh.consent);
      assert.deepEqual(parseConsent(`cookie_consent=${old.value}`, { expiresDays: 365 }), old.consent);
      assert.deepEqual(parseConsent(`cookie_consent=${old.value}`, { expiresDays: Infinity }), old.consent);
    });
    it('when not given, reads a decision of any age', () => {
      assert.deepEqual(parseConsent(`cookie_consent=${old.value}`), old.consent);
    });
    it('reads a decision dated more than 5 minutes ahead as null, given or not (forged, or made under a wrong clock)', () => {
      const ahead = decision(['analytics'], [], { ageDays: -1 / 24 }); // an hour ahead
      const skewed = decision(['analytics'], [], { ageDays: -2 / 1440 }); // clocks 2 minutes apart
      assert.equal(parseConsent(`cookie_consent=${ahead.value}`, { expiresDays: 182 }), null);
      assert.equal(parseConsent(`cookie_consent=${ahead.value}`), null);
      assert.deepEqual(parseConsent(`cookie_consent=${skewed.value}`, { expiresDays: 182 }), skewed.consent);
      assert.deepEqual(parseConsent(`cookie_consent=${skewed.value}`), skewed.consent);
    });
    it('draws the 5-minute line to the millisecond: a decision dated exactly 5 minutes ahead still counts, one more does not', () => {
      const now = 1_767_225_600_000;
      const at = (timestamp: number) => createConsent(['analytics'], [], 0, 'banner', timestamp);
      assert.equal(CLOCK_SKEW, 300_000);
      assert.equal(isAhead(at(now + CLOCK_SKEW), now), false);
      assert.equal(isAhead(at(now + CLOCK_SKEW + 1), now), true);
      assert.equal(isAhead(at(now - DAY), now), false);
    });
    it('applies together with revision', () => {
      const both = decision(['analytics'], [], { revision: 4, ageDays: 10 });
      const header = `cookie_consent=${both.value}`;
      assert.deepEqual(parseConsent(header, { revision: 4, expiresDays: 30 }), both.consent);
      assert.equal(parseConsent(header, { revision: 4, expiresDays: 5 }), null);
      assert.equal(parseConsent(header, { revision: 5, expiresDays: 30 }), null);
    });
  });

  it('splits cookies on ";" alone: a "," in another cookie\'s value carries no decision', () => {
    // A sibling subdomain may set any cookie for the parent domain, but not a __Host- one: were "," a
    // separator, its value could carry a forged __Host- consent cookie. (Browsers join cookies with "; ";
    // a runtime that joins two Cookie lines with ", ", as workerd does, reads as no decision.)
    const own = decision([], ['analytics'], { ageDays: 2 });
    const forged = decision(['analytics'], [], { ageDays: 0 });
    const options = { cookieName: '__Host-cookie_consent' };
    const header = `tossed=x, __Host-cookie_consent=${forged.value}; __Host-cookie_consent=${own.value}`;
    assert.deepEqual(parseConsent(header, options), own.consent);
    assert.equal(hasConsent(header, 'analytics', options), false);
    assert.equal(parseConsent(`tossed=x, cookie_consent=${forged.value}`), null);
    assert.equal(parseConsent(`other=1, cookie_consent=${own.value}`), null);
  });

  describe('a name that occurs more than once', () => {
    // A host-only copy from before the site set cookie-domain, then the visitor's later choice: the
    // browser lists the older one first when the paths are equal (RFC 6265 section 5.4).
    const older = decision(['analytics'], [], { revision: 1, ageDays: 20 });
    const newer = decision([], ['analytics'], { revision: 2, ageDays: 2 });
    it('takes the copy with the newest timestamp, in either order', () => {
      assert.deepEqual(parseConsent(`cookie_consent=${older.value}; cookie_consent=${newer.value}`), newer.consent);
      assert.deepEqual(parseConsent(`cookie_consent=${newer.value}; cookie_consent=${older.value}`), newer.consent);
      assert.equal(hasConsent(`cookie_consent=${older.value}; a=1; cookie_consent=${newer.value}`, 'analytics'), false);
      const three = `cookie_consent=${older.value}; cookie_consent=${newer.value}; cookie_consent=${older.value}`;
      assert.deepEqual(parseConsent(three), newer.consent);
    });
    it('takes the first of copies with the same timestamp', () => {
      const timestamp = Date.now() - DAY;
      const first = createConsent(['analytics'], [], 0, 'banner', timestamp);
      const second = createConsent([], ['analytics'], 0, 'api', timestamp);
      const header = `cookie_consent=${encodeConsent(first)}; cookie_consent=${encodeConsent(second)}`;
      assert.deepEqual(parseConsent(header), first);
      assert.equal(hasConsent(header, 'analytics'), true);
      const swapped = `cookie_consent=${encodeConsent(second)}; cookie_consent=${encodeConsent(first)}`;
      assert.deepEqual(parseConsent(swapped), second);
    });
    it('never prefers a malformed copy, before or after a valid one', () => {
      for (const bad of ['v=1&r=oops', '', `${newer.value.slice(0, -3)}+`, newer.value.replace('v=1', 'v=2'),
        // A copy that would be the newest, were it well-formed.
        newer.value.replace(/&t=\d+/, `&t=${Date.now()}`).replace('&s=banner', '&s=robot')]) {
        assert.deepEqual(parseConsent(`cookie_consent=${bad}; cookie_consent=${older.value}`), older.consent, bad);
        assert.deepEqual(parseConsent(`cookie_consent=${older.value}; cookie_consent=${bad}`), older.consent, bad);
      }
    });
    it('a copy tossed in dated ahead never outranks the visitor\'s decision dated now (issue 11, point 4)', () => {
      // A sibling subdomain wrote a grant for Domain=shop.test dated 23 hours ahead; the visitor refused just now.
      const tossed = decision(['analytics', 'marketing'], [], { ageDays: -23 / 24 });
      const own = decision([], ['analytics', 'marketing'], { ageDays: 0 });
      for (const header of [`cookie_consent=${tossed.value}; cookie_consent=${own.value}`, `cookie_consent=${own.value}; cookie_consent=${tossed.value}`]) {
        assert.deepEqual(parseConsent(header), own.consent);
        assert.equal(hasConsent(header, 'marketing'), false);
        assert.deepEqual(parseConsent(header, { expiresDays: 182 }), own.consent);
      }
      // Alone, it is no decision either.
      assert.equal(parseConsent(`cookie_consent=${tossed.value}`), null);
    });
    it('judges the newest copy under the options; an older one does not stand in for it', () => {
      const header = `cookie_consent=${older.value}; cookie_consent=${newer.value}`;
      assert.deepEqual(parseConsent(header, { revision: 2 }), newer.consent);
      assert.equal(parseConsent(header, { revision: 1 }), null);
      assert.equal(hasConsent(header, 'analytics', { revision: 1 }), false);
      assert.equal(parseConsent(`cookie_consent=${newer.value}; cookie_consent=${older.value}`, { expiresDays: 1 }), null);
    });
  });

  it('reads a quoted and a %-escaped value, and odd spacing', () => {
    const { consent, value } = decision(['analytics', 'preferences'], ['marketing']);
    for (const header of [
      `cookie_consent="${value}"`,
      `cookie_consent=${encodeURIComponent(value)}`,
      `cookie_consent="${encodeURIComponent(value)}"`,
      `a=1;cookie_consent=${value};b=2`,
      `a=1 ;  cookie_consent = ${value} ; b=2`,
      `a=1;\tcookie_consent=\t${value}\t`,
    ]) {
      assert.deepEqual(parseConsent(header), consent, header);
    }
  });

  it('reads nothing from a header without a valid consent cookie', () => {
    const { value } = decision();
    for (const header of [
      '',
      'cookie_consent',
      'cookie_consent=',
      'cookie_consent=""',
      'a=1; b=2',
      `cookie_consent=${value.replace('v=1', 'v=2')}`,
      `cookie_consent=${value.slice(0, -1)}x&`,
      `cookie_consent=${value.slice(0, 30)}`,
      `cookie_consent=${value}%`,
      `cookie_consent=${value.replace('&', '%E0%A4%A')}`,
      `cookie_consent="${value}`,
    ]) {
      assert.equal(parseConsent(header), null, header);
    }
    assert.equal(parseConsent(null), null);
    assert.equal(parseConsent(undefined), null);
  });

  it('hands out a fresh record each time, so changing one changes no other read', () => {
    const { consent, value } = decision(['analytics'], ['marketing']);
    const header = `cookie_consent=${value}`;
    const first = parseConsent(header)!;
    first.categories.analytics = false;
    first.categories.extra = true;
    first.revision = 99;
    const second = parseConsent(header)!;
    assert.deepEqual(second, consent);
    assert.notEqual(second.categories, first.categories);
    assert.deepEqual(decodeConsent(value), consent);
  });

  it('reads a list the same way every time, whatever was read in between', () => {
    // The codec remembers the last few lists it read; answers must not depend on what it remembers.
    const values = Array.from({ length: 20 }, (_, n) => decision(['b', String(n), 'constructor'].slice(0, 1 + (n % 3)), [`x${n % 5}`, '2']).value);
    const first = values.map((value) => parseConsent(`cookie_consent=${value}`));
    for (let round = 0; round < 3; round++) {
      for (const [n, value] of values.entries()) {
        const again = parseConsent(`a=1; cookie_consent=${value}`)!;
        assert.deepEqual(again, first[n]);
        assert.deepEqual(Object.keys(again.categories), Object.keys(first[n]!.categories));
        again.categories.b = !again.categories.b; // a caller's change stays in its own copy
      }
    }
    assert.deepEqual(values.map((value) => decodeConsent(value)), first);
  });

  it('reads what encodeConsent writes, for many categories', () => {
    const ids = Array.from({ length: 64 }, (_, i) => `c${i}`);
    const { consent, value } = decision(ids.slice(0, 30), ids.slice(30));
    assert.ok(value.length < 4096);
    assert.deepEqual(parseConsent(`cookie_consent=${value}`), consent);
    // 65 categories is more than the writer ever writes: not a decision.
    const tooMany = value.replace('&d=', '&d=c64+');
    assert.equal(parseConsent(`cookie_consent=${tooMany}`), null);
    assert.equal(encodeConsent(consent), value);
  });
});

describe('hasConsent on a Cookie header', () => {
  const { value } = decision(['analytics'], ['marketing']);
  const header = `theme=dark; cookie_consent=${value}`;

  it('is true for a granted category', () => {
    assert.equal(hasConsent(header, 'analytics'), true);
  });
  it('is false for a refused, an unknown or a prototype category', () => {
    for (const category of ['marketing', 'preferences', 'Analytics', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(hasConsent(header, category), false, category);
    }
  });
  it('is false without a decision', () => {
    assert.equal(hasConsent('theme=dark', 'analytics'), false);
    assert.equal(hasConsent('', 'analytics'), false);
    assert.equal(hasConsent(null, 'analytics'), false);
    assert.equal(hasConsent(undefined, 'analytics'), false);
  });
  it('is always true for necessary', () => {
    for (const input of [header, 'theme=dark', '', null, undefined, 42, {}, [], { headers: null }]) {
      assert.equal(hasConsent(input as never, 'necessary'), true);
      assert.equal(hasConsent(input as never, 'necessary', { revision: 99, expiresDays: 1 }), true);
    }
  });
});
