/** The cookie value format itself (CONTRACT section 6): size, cookie-safety, versioning, round trip. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConsent, decodeConsent, encodeConsent } from '../../src/consent/index.js';

const tenCategories = [
  'preferences', 'analytics', 'marketing', 'functional', 'personalization',
  'social-media', 'video-embeds', 'ab-testing', 'chat-support', 'crash-reports',
];

describe('the consent cookie value', () => {
  it('stays under 256 bytes for ten categories, with a 9-digit revision and the longest source', () => {
    const consent = createConsent(tenCategories.slice(0, 5), tenCategories.slice(5), 999_999_999, 'preferences');
    const value = encodeConsent(consent);
    assert.ok(value.length < 256, `${value.length} bytes: ${value}`);
    assert.deepEqual(decodeConsent(value), consent);
  });

  it('is made of cookie-octets only (RFC 6265 section 4.1.1): no escaping, no quoting needed', () => {
    const value = encodeConsent(createConsent(tenCategories, [], 12, 'banner'));
    // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
    assert.match(value, /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/);
    assert.equal(encodeURIComponent(value).replace(/%(26|3D|2B)/g, ''), value.replace(/[&=+]/g, ''));
  });

  it('reads as a query string in any language: + separates the ids', () => {
    const value = encodeConsent(createConsent(['analytics', 'marketing'], ['preferences'], 4, 'api', 1_764_000_000_000, 'AbCdEfGhIjKl'));
    assert.equal(value, 'v=1&r=4&t=1764000000000&id=AbCdEfGhIjKl&s=api&g=analytics+marketing&d=preferences');
    const fields = new URLSearchParams(value);
    assert.equal(fields.get('v'), '1');
    assert.deepEqual(fields.get('g')!.split(' '), ['analytics', 'marketing']);
  });

  it('reads the sources trigger (a page element) and placeholder (an embed\'s Allow button)', () => {
    for (const source of ['trigger', 'placeholder']) {
      const value = `v=1&r=0&t=1764000000000&id=AbCdEfGhIjKl&s=${source}&g=marketing&d=`;
      assert.equal(decodeConsent(value)?.source, source, value);
      assert.equal(encodeConsent(decodeConsent(value)!), value);
    }
  });

  it('reads a decision that covers only some categories (a placeholder grant): nothing else is refused', () => {
    const consent = decodeConsent('v=1&r=0&t=1764000000000&id=AbCdEfGhIjKl&s=placeholder&g=marketing&d=');
    assert.deepEqual(consent?.categories, { necessary: true, marketing: true });
  });

  it('reads a revision, time or id longer than the grammar allows as no decision (1*9DIGIT, 1*15DIGIT, 1*64 characters)', () => {
    const value = encodeConsent(createConsent(['analytics'], [], 123_456_789, 'banner', 123_456_789_012_345, 'i'.repeat(64)));
    assert.notEqual(decodeConsent(value), null, 'at the limits');
    assert.equal(decodeConsent(value.replace('r=123456789', 'r=0123456789')), null, '10 digits of revision');
    assert.equal(decodeConsent(value.replace('t=123456789012345', 't=0123456789012345')), null, '16 digits of time');
    assert.equal(decodeConsent(value.replace(`id=${'i'.repeat(64)}`, `id=${'i'.repeat(65)}`)), null, 'an id of 65');
  });

  it('makes a category named both granted and refused a refused one', () => {
    assert.deepEqual(createConsent(['analytics', 'marketing'], ['analytics'], 0, 'api').categories, { necessary: true, analytics: false, marketing: true });
  });

  it('reads another format version as no decision, not as garbage', () => {
    const value = encodeConsent(createConsent(['analytics'], [], 0, 'banner'));
    assert.notEqual(decodeConsent(value), null);
    // `v=2` without its service lists is no version-2 value either.
    for (const version of ['0', '2', '3', '10', '1.1', '12', '']) {
      assert.equal(decodeConsent(value.replace(/^v=1/, `v=${version}`)), null, `v=${version}`);
    }
    const withServices = encodeConsent(createConsent(['analytics'], [], 0, 'banner', 1, 'x', { ga4: true }));
    for (const version of ['0', '1', '3', '20', '']) {
      assert.equal(decodeConsent(withServices.replace(/^v=2/, `v=${version}`)), null, `v=${version} with services`);
    }
  });
});

/** Realistic preset ids (CONTRACT section 9), five to a category. */
const siteServices = {
  analytics: ['ga4', 'gtm', 'clarity', 'hotjar', 'matomo'],
  marketing: ['google-ads', 'meta-pixel', 'linkedin-insight', 'tiktok-pixel', 'hubspot'],
  preferences: ['intercom', 'crisp', 'calendly', 'recaptcha', 'segment'],
  media: ['youtube', 'vimeo', 'google-maps', 'spotify', 'soundcloud'],
};

describe('the consent cookie value with services (version 2)', () => {
  const at = 1_764_000_000_000;

  it('stays version 1, byte for byte, for a decision without services', () => {
    const expected = 'v=1&r=4&t=1764000000000&id=AbCdEfGhIjKl&s=api&g=analytics+marketing&d=preferences';
    for (const services of [undefined, {}, { analytics: true }, { necessary: true }, { __proto__: true, 'a b': false, _x: true }]) {
      const consent = createConsent(['analytics', 'marketing'], ['preferences'], 4, 'api', at, 'AbCdEfGhIjKl', services as never);
      assert.equal(Object.hasOwn(consent, 'services'), false, JSON.stringify(services));
      assert.equal(encodeConsent(consent), expected);
    }
  });

  it('writes services in version 2: the version-1 fields, then sg= granted and sd= refused services', () => {
    const consent = createConsent(['analytics'], ['marketing'], 4, 'preferences', at, 'AbCdEfGhIjKl', { ga4: true, clarity: true, 'meta-pixel': false });
    const value = encodeConsent(consent);
    assert.equal(value, 'v=2&r=4&t=1764000000000&id=AbCdEfGhIjKl&s=preferences&g=analytics&d=marketing&sg=ga4+clarity&sd=meta-pixel');
    assert.deepEqual(decodeConsent(value), consent);
    assert.deepEqual(decodeConsent(value)?.services, { ga4: true, clarity: true, 'meta-pixel': false });
    const fields = new URLSearchParams(value);
    assert.deepEqual([fields.get('v'), fields.get('sg'), fields.get('sd')], ['2', 'ga4 clarity', 'meta-pixel']);
    // Only refused services, or only granted ones, are version 2 as well.
    const refusedOnly = encodeConsent(createConsent([], ['analytics'], 0, 'banner', at, 'x', { ga4: false }));
    assert.equal(refusedOnly, 'v=2&r=0&t=1764000000000&id=x&s=banner&g=&d=analytics&sg=&sd=ga4');
    assert.deepEqual(decodeConsent(refusedOnly)?.services, { ga4: false });
  });

  it('leaves out a service that takes a category\'s id, or is no valid id (the cookie could not hold it)', () => {
    const consent = createConsent(['analytics'], [], 0, 'banner', at, 'x', { analytics: false, necessary: false, '-x': true, ga4: true });
    assert.deepEqual(consent.services, { ga4: true });
    assert.equal(encodeConsent({ ...consent, services: { analytics: false, ga4: true } }), 'v=2&r=0&t=1764000000000&id=x&s=banner&g=analytics&d=&sg=ga4&sd=');
  });

  it('stays under 300 bytes for 4 categories × 5 services, with a 9-digit revision and the longest source', () => {
    const services: Record<string, boolean> = {};
    Object.values(siteServices).flat().forEach((id, i) => (services[id] = i % 2 === 0));
    const consent = createConsent(['analytics', 'preferences'], ['marketing', 'media'], 999_999_999, 'preferences', at, 'AbCdEfGhIjKl', services);
    const value = encodeConsent(consent);
    assert.equal(value.length, 286, value);
    assert.ok(value.length < 300);
    assert.match(value, /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/);
    assert.deepEqual(decodeConsent(value), consent);
  });

  it('reads as no decision when the service lists break a rule', () => {
    const value = 'v=2&r=0&t=1764000000000&id=x&s=banner&g=analytics&d=marketing&sg=ga4&sd=youtube';
    assert.notEqual(decodeConsent(value), null);
    for (const broken of [
      'v=2&r=0&t=1764000000000&id=x&s=banner&g=analytics&d=marketing&sg=&sd=', // version 2 without a service
      'v=2&r=0&t=1764000000000&id=x&s=banner&g=analytics&d=marketing', // version 2 without its lists
      'v=1&r=0&t=1764000000000&id=x&s=banner&g=analytics&d=marketing&sg=ga4&sd=youtube', // version 1 with them
      value.replace('&sg=ga4', '&sg=ga4+ga4'), // a duplicate
      value.replace('&sd=youtube', '&sd=ga4'), // granted and refused
      value.replace('&sg=ga4', '&sg=analytics'), // a category's id
      value.replace('&sd=youtube', '&sd=marketing'),
      value.replace('&sg=ga4', '&sg=necessary'),
      value.replace('&sg=ga4', '&sg=__proto__'),
      value.replace('&sg=ga4', '&sg=_ga'),
      value.replace('&sg=ga4', '&sg=ga4+'),
      value.replace('&sg=ga4', '&sg=+ga4'),
      value.replace('&sg=ga4', '&sg=ga4 x'),
      value.replace('&sg=ga4', `&sg=${'a'.repeat(41)}`),
      value.replace('&sg=ga4', `&sg=${Array.from({ length: 65 }, (_, i) => `s${i}`).join('+')}`), // more than 64
      value.replace('&sg=ga4&sd=youtube', '&sd=youtube&sg=ga4'), // out of order
      value.replace('&sd=youtube', ''),
      `${value}&x=1`,
      `${value}&sg=a&sd=`, // the lists twice
      value.replace('&d=marketing', '&d=marketing&sg=a&sd=b'),
      value.replace('&sg=', '&SG='),
    ]) {
      assert.equal(decodeConsent(broken), null, broken);
    }
  });

  it('takes prototype member names as plain service ids, own keys like any other', () => {
    const consent = decodeConsent('v=2&r=0&t=1764000000000&id=x&s=banner&g=&d=&sg=constructor+toString&sd=hasOwnProperty');
    assert.deepEqual(Object.keys(consent!.services!), ['constructor', 'toString', 'hasOwnProperty']);
    assert.equal(consent!.services!.hasOwnProperty, false);
  });
});
