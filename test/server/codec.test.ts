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

  it('reads another format version as no decision, not as garbage', () => {
    const value = encodeConsent(createConsent(['analytics'], [], 0, 'banner'));
    assert.notEqual(decodeConsent(value), null);
    for (const version of ['0', '2', '10', '1.1', '']) {
      assert.equal(decodeConsent(value.replace(/^v=1/, `v=${version}`)), null, `v=${version}`);
    }
  });
});
