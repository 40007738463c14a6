/**
 * The consent cookie among the real Cookie headers of popular sites (test/server/data/top-cookie.json,
 * from jshttp/cookie's benchmark data): at the start, in the middle and at the end, quoted,
 * %-escaped, duplicated and oddly spaced. Nobody here wrote these headers, so they catch what
 * hand-made ones would not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConsent, readConsent, hasConsent } from '../../src/server/index.js';
import { decision } from './fixtures.js';
import { findTopCookie } from './top-cookie.js';

const sites = Object.entries(JSON.parse(readFileSync(findTopCookie(), 'utf8')) as Record<string, string>);
const { consent, value } = decision(['analytics', 'preferences'], ['marketing'], { revision: 2 });
const stale = decision(['marketing'], ['analytics'], { revision: 1, ageDays: 30 });

/** The header's cookie pairs, as the site sent them. */
const pairsOf = (header: string) => header.split('; ');

/** How our cookie can look in a real header. */
const forms: Record<string, string> = {
  plain: `cookie_consent=${value}`,
  quoted: `cookie_consent="${value}"`,
  'fully %-escaped': `cookie_consent=${encodeURIComponent(value)}`,
  'partly %-escaped': `cookie_consent=${value.replace(/&/g, '%26')}`,
  'spaces around =': `cookie_consent = ${value} `,
};

/** Where it can sit among the site's own cookies. */
const places: Record<string, (pairs: string[], ours: string) => string[]> = {
  start: (pairs, ours) => [ours, ...pairs],
  middle: (pairs, ours) => [...pairs.slice(0, pairs.length >> 1), ours, ...pairs.slice(pairs.length >> 1)],
  end: (pairs, ours) => [...pairs, ours],
};

/** How a client may join the pairs. */
const separators: Record<string, string> = { standard: '; ', tight: ';', loose: ' ;  ', tab: ';\t' };

it('has real headers to test against', () => {
  assert.ok(sites.length >= 10, `only ${sites.length} sites in top-cookie.json`);
  assert.ok(sites.some(([, header]) => pairsOf(header).length >= 5), 'expected some headers with many cookies');
});

for (const [site, header] of sites) {
  describe(site, () => {
    it('has no decision without our cookie', () => {
      assert.equal(parseConsent(header), null);
      assert.equal(readConsent({ headers: { cookie: header } }), null);
      assert.equal(hasConsent(header, 'analytics'), false);
      // A site cookie of any of these names would be a decision; none is.
      for (const name of pairsOf(header).map((pair) => pair.split('=')[0]!)) {
        assert.equal(parseConsent(header, { cookieName: name }), null, name);
      }
    });

    it('finds our cookie at the start, in the middle and at the end, in every form and spacing', () => {
      for (const [form, ours] of Object.entries(forms)) {
        for (const [place, insert] of Object.entries(places)) {
          for (const [spacing, separator] of Object.entries(separators)) {
            const withOurs = insert(pairsOf(header), ours).join(separator);
            assert.deepEqual(parseConsent(withOurs), consent, `${form}, ${place}, ${spacing}: ${withOurs}`);
            assert.deepEqual(parseConsent(withOurs, { revision: 2, expiresDays: 182 }), consent);
            assert.equal(hasConsent(withOurs, 'analytics'), true);
            assert.equal(hasConsent(withOurs, 'marketing'), false);
          }
        }
      }
    });

    it('finds it under a site-chosen name among the site cookies', () => {
      const withOurs = places.middle!(pairsOf(header), `__Host-consent=${value}`).join('; ');
      assert.deepEqual(parseConsent(withOurs, { cookieName: '__Host-consent' }), consent);
      assert.equal(parseConsent(withOurs), null);
    });

    it('takes the newest of duplicates, wherever each one sits', () => {
      const pairs = pairsOf(header);
      for (const [first, second] of [[stale.value, value], [value, stale.value]]) {
        const twice = [`cookie_consent=${first}`, ...pairs, `cookie_consent=${second}`].join('; ');
        assert.deepEqual(parseConsent(twice), consent);
        assert.deepEqual(parseConsent(twice, { revision: 2 }), consent);
        // The older copy is a decision the visitor replaced: it does not stand in when the newest fails.
        assert.equal(parseConsent(twice, { revision: 1 }), null);
      }
      const brokenFirst = places.middle!([`cookie_consent=${value.slice(0, 20)}`, ...pairs], `cookie_consent=${value}`).join('; ');
      assert.deepEqual(parseConsent(brokenFirst), consent);
    });

    it('reads nothing from a damaged or foreign value in its place', () => {
      for (const bad of [value.slice(0, value.indexOf('&d=')), value.slice(0, 25), value.replace('v=1', 'v=2'), value.replace('&s=banner', '&s=robot'), `"${value}`]) {
        const withBad = places.middle!(pairsOf(header), `cookie_consent=${bad}`).join('; ');
        assert.equal(parseConsent(withBad), null, withBad);
      }
    });
  });
}
