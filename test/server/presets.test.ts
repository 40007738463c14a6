/**
 * The presets' data (CONTRACT §9), checked where no browser is needed: the table itself, that the scanner
 * reads the very same table, and that docs/presets.md (the table and one tagged snippet per preset, which
 * test/e2e/presets.test.mjs runs) agrees with it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PRESETS, PRESET_IDS } from '../../src/presets/data.js';

const CONTRACT_IDS = [
  'ga4', 'gtm', 'google-ads', 'meta-pixel', 'linkedin-insight', 'tiktok-pixel', 'clarity', 'hotjar', 'matomo',
  'mixpanel', 'segment', 'hubspot', 'intercom', 'crisp', 'youtube', 'vimeo', 'google-maps', 'openstreetmap',
  'spotify', 'soundcloud', 'twitter', 'instagram', 'calendly', 'recaptcha',
];
const EMBEDS = ['youtube', 'vimeo', 'google-maps', 'openstreetmap', 'spotify', 'soundcloud', 'twitter', 'instagram', 'calendly'];
const docs = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');

/** The ```html block that follows `<!-- preset-snippet: id -->` in docs/presets.md. */
const snippet = (id: string) => docs.match(new RegExp(`<!-- preset-snippet: ${id} -->\\n\`\`\`html\\n([\\s\\S]*?)\\n\`\`\``))?.[1];

describe('the presets', () => {
  it('are the 24 of the contract, in its order', () => {
    assert.deepEqual(PRESET_IDS, CONTRACT_IDS);
  });

  it('each have a category, cookie patterns with * only at the end, bare hosts, Consent Mode for Google tools only, embed for embeds only', () => {
    for (const [id, p] of Object.entries(PRESETS)) {
      assert.ok(['preferences', 'analytics', 'marketing'].includes(p.category), `${id}: ${p.category}`);
      for (const c of p.cookies) assert.match(c, /^[!#$%&'+\-.^_`|~0-9A-Za-z]+\*?$/, `${id}: cookie ${c}`);
      assert.ok(p.hosts.length > 0, id);
      for (const h of p.hosts) assert.match(h, /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/, `${id}: host ${h}`);
      assert.equal(p.embed === true, EMBEDS.includes(id), `${id}: embed`);
    }
    assert.deepEqual(
      Object.fromEntries(Object.entries(PRESETS).flatMap(([id, p]) => (p.consentMode ? [[id, p.consentMode]] : []))),
      { ga4: ['analytics_storage'], gtm: ['analytics_storage'], 'google-ads': ['ad_storage', 'ad_user_data', 'ad_personalization'] },
    );
  });

  it('are what the scanner reads: it evaluates the same table from src/presets/data.ts', async () => {
    const scanner = (await import(new URL('../../scanner/presets.mjs', import.meta.url).href)) as { PRESETS: unknown; presetOfUrl(url: string): string | undefined };
    assert.deepEqual(scanner.PRESETS, PRESETS);
    // The most specific host entry wins where two vendors share a host.
    assert.equal(scanner.presetOfUrl('https://www.googletagmanager.com/gtag/js?id=AW-123'), 'google-ads');
    assert.equal(scanner.presetOfUrl('https://www.googletagmanager.com/gtag/js?id=G-123'), 'ga4');
    assert.equal(scanner.presetOfUrl('https://www.google.com/recaptcha/api.js'), 'recaptcha');
  });

  it('are listed in the table of docs/presets.md with their category, cookies and Consent Mode', () => {
    for (const [id, p] of Object.entries(PRESETS)) {
      const row = docs.match(new RegExp(`^\\| \\[\`${id}\`\\]\\(#${id}\\) \\|.*$`, 'm'))?.[0];
      assert.ok(row, `no table row for ${id}`);
      // Cells: id, product, category, cookies (a third-party one in *italics*), Consent Mode.
      const [, , category, cookies, consentMode] = row.split(' | ').map((cell) => cell.replace(/\*`([^`]*)`\*/g, '$1').replace(/[`|]/g, '').trim());
      assert.equal(category, p.category, id);
      assert.equal(cookies, p.cookies.join(' ') || '–', id);
      assert.equal(consentMode, p.consentMode?.join(' ') ?? '–', id);
    }
  });

  it('each have a snippet in docs/presets.md whose every script and frame is tagged with the service, never loading by itself', () => {
    for (const [id, p] of Object.entries(PRESETS)) {
      const html = snippet(id);
      assert.ok(html, `no snippet for ${id}`);
      assert.match(html, new RegExp(`^<cookie-consent categories="[^"]*\\b${p.category}\\b[^"]*"[^>]*>\\n {2}<cookie-service preset="${id}"></cookie-service>\\n</cookie-consent>\\n`));
      const tags = [...html.matchAll(/<(script|iframe)\b[^>]*>/g)].map((m) => m[0]);
      assert.ok(tags.length > 0, id);
      for (const tag of tags) {
        assert.ok(tag.includes(` data-service="${id}"`), `${id}: untagged ${tag}`);
        // A text/plain script is never fetched; a frame loads its src at once, so it must carry data-src only.
        if (tag.startsWith('<script')) assert.ok(tag.includes(' type="text/plain"'), `${id}: ${tag} would run before consent`);
        else assert.doesNotMatch(tag, /\ssrc=/, `${id}: ${tag} would load before consent`);
      }
    }
  });
});

describe('the core\'s copy of the presets\' categories (src/element/services.ts)', () => {
  it('gives every preset its category of data.ts, and names exactly the presets with Consent Mode types', async () => {
    const { PRESET_CATEGORIES, GOOGLE_PRESETS, presetCategory } = await import('../../src/element/services.js');
    const { TYPES } = await import('../../src/signals/google-consent-mode.js');
    for (const [id, p] of Object.entries(PRESETS)) assert.equal(presetCategory(id), p.category, id);
    assert.equal(Object.values(PRESET_CATEGORIES).join(' ').split(' ').length, PRESET_IDS.length);
    assert.deepEqual(GOOGLE_PRESETS.split(' '), PRESET_IDS.filter((id) => PRESETS[id]!.consentMode));
    // The core gives a Google preset the Consent Mode types of its category: they must be the preset's own.
    for (const id of GOOGLE_PRESETS.split(' ')) assert.deepEqual(TYPES[PRESETS[id]!.category], PRESETS[id]!.consentMode, id);
  });
});
