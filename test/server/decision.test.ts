// The element's decision logic without a DOM (src/element/decision.ts): settings and a stored decision
// in, answers out. The browser tests check the same through the real element; these pin each rule.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createConsent } from '../../src/consent/index.js';
import * as model from '../../src/element/decision.js';
import { tieServices } from '../../src/element/services.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5);
const settings = (over: Partial<model.DecisionSettings> = {}): model.DecisionSettings => ({
  categories: ['analytics', 'marketing'],
  revision: 0,
  expiresDays: 182,
  mode: 'opt-in',
  gpc: false,
  // As the element passes it once the services part (services.ts) is in; it matters only with services.
  tie: tieServices,
  ...over,
});
const decision = (granted: string[], refused: string[], { revision = 0, at = NOW - DAY } = {}) =>
  createConsent(granted, refused, revision, 'banner', at, 'id1');

describe('decision model', () => {
  test('no decision: nothing valid, only necessary granted, the banner asks', () => {
    const s = settings();
    assert.equal(model.valid(s, null, NOW), null);
    assert.equal(model.has(s, null, 'necessary', NOW), true);
    assert.equal(model.has(s, null, 'analytics', NOW), false);
    assert.equal(model.asks(s, null, NOW), true);
    assert.deepEqual([...model.granted(s, null, NOW)], []);
  });

  test('a decision answering every category is valid and grants what it grants', () => {
    const s = settings();
    const d = decision(['analytics'], ['marketing']);
    assert.equal(model.valid(s, d, NOW), d);
    assert.equal(model.has(s, d, 'analytics', NOW), true);
    assert.equal(model.has(s, d, 'marketing', NOW), false);
    assert.equal(model.asks(s, d, NOW), false);
  });

  test('another revision, or older than expires-days, is no decision at all', () => {
    const d = decision(['analytics', 'marketing'], []);
    assert.equal(model.current(settings({ revision: 1 }), d, NOW), null);
    assert.equal(model.has(settings({ revision: 1 }), d, 'analytics', NOW), false);
    const old = decision(['analytics', 'marketing'], [], { at: NOW - 183 * DAY });
    assert.equal(model.current(settings(), old, NOW), null);
    assert.equal(model.asks(settings(), old, NOW), true);
    // Exactly at the limit it still counts.
    assert.equal(model.current(settings(), decision(['analytics'], ['marketing'], { at: NOW - 182 * DAY }), NOW) !== null, true);
  });

  test('a partial decision (an embed\'s Allow) grants its category, is not valid, and the banner asks for the rest', () => {
    const s = settings();
    const d = decision(['marketing'], []);
    assert.equal(model.valid(s, d, NOW), null);
    assert.equal(model.has(s, d, 'marketing', NOW), true);
    assert.equal(model.asks(s, d, NOW), true);
    // A configured category added later makes an old decision partial too.
    assert.equal(model.asks(settings({ categories: ['analytics', 'marketing', 'preferences'] }), decision(['analytics'], ['marketing']), NOW), true);
  });

  // A site that adds a category asks again; under GPC the browser answers for the visitor, who granted analytics
  // themselves 100 days ago: that grant must still end 182 days after it was given, not 182 days after each addition.
  test('GPC\'s refusal of what a decision leaves open keeps the visitor\'s own grants with their date; one that grants nothing is dated now', () => {
    const s = settings({ categories: ['analytics', 'marketing', 'preferences'] });
    const before = decision(['analytics'], ['marketing'], { at: NOW - 100 * DAY });
    const gpc = model.refuseOpen(s, before, 'g', NOW);
    assert.deepEqual(gpc.categories, { necessary: true, analytics: true, marketing: false, preferences: false });
    // A millisecond later: it must outrank the decision's own copies left at other scopes (a parent domain's).
    assert.deepEqual([gpc.source, gpc.id, gpc.timestamp], ['gpc', 'g', before.timestamp + 1]);
    assert.equal(model.has(s, gpc, 'analytics', NOW + 81 * DAY), true);
    assert.equal(model.has(s, gpc, 'analytics', NOW + 83 * DAY), false, 'expired with the grant it carries');
    assert.equal(model.refuseOpen(s, decision([], ['analytics', 'marketing'], { at: NOW - 100 * DAY }), 'h', NOW).timestamp, NOW);
    assert.equal(model.refuseOpen(s, null, 'i', NOW).timestamp, NOW);
  });

  test('opt-out grants configured categories without a decision, not with GPC, and a refusal wins', () => {
    const s = settings({ mode: 'opt-out' });
    assert.equal(model.has(s, null, 'analytics', NOW), true);
    assert.equal(model.has(s, null, 'other', NOW), false);
    assert.equal(model.has(settings({ mode: 'opt-out', gpc: true }), null, 'analytics', NOW), false);
    assert.equal(model.has(s, decision([], ['analytics', 'marketing']), 'analytics', NOW), false);
  });

  test('decide() grants the valid ids given and refuses the other configured ones', () => {
    const s = settings();
    const d = model.decide(s, ['analytics', 'necessary', '__proto__', 'bad id'], 'api', 'x', undefined, NOW);
    assert.deepEqual(d.categories, { necessary: true, analytics: true, marketing: false });
    assert.equal(d.source, 'api');
    assert.equal(d.timestamp, NOW);
    assert.equal(d.id, 'x');
  });

  test('decide() and grant() never write more ids than the cookie holds: ids no setting names give way, so the decision reads back', async () => {
    const { decodeConsent, encodeConsent } = await import('../../src/consent/index.js');
    const s = settings();
    const many = Array.from({ length: 70 }, (_, i) => `u${i}`);
    const d = model.decide(s, ['analytics', ...many], 'api', 'x', undefined, NOW);
    assert.equal(Object.keys(d.categories).length - 1, 64);
    assert.deepEqual([d.categories.analytics, d.categories.marketing], [true, false]);
    assert.deepEqual(decodeConsent(encodeConsent(d)), d);
    const g = model.grant(s, decision(['analytics'], ['marketing']), many, 'api', 'y', NOW);
    assert.deepEqual([g.categories.analytics, g.categories.marketing], [true, false]);
    assert.deepEqual(decodeConsent(encodeConsent(g)), g);
  });

  test('grant() keeps what the decision said and decides nothing else', () => {
    const s = settings({ categories: ['preferences', 'analytics', 'marketing'] });
    const before = decision(['preferences'], ['analytics', 'marketing']);
    const after = model.grant(s, before, ['marketing'], 'placeholder', 'y', NOW);
    assert.deepEqual(after.categories, { necessary: true, preferences: true, marketing: true, analytics: false });
    const first = model.grant(s, null, ['analytics'], 'placeholder', 'z', NOW);
    assert.deepEqual(first.categories, { necessary: true, analytics: true });
    assert.equal(model.asks(s, first, NOW), true);
  });

  test('difference() lists what was granted and what was revoked', () => {
    const s = settings();
    const before = model.granted(s, decision(['analytics'], ['marketing']), NOW);
    const after = model.granted(s, decision(['marketing'], ['analytics']), NOW);
    assert.deepEqual(model.difference(before, after), { granted: ['marketing'], revoked: ['analytics'] });
    assert.deepEqual(model.difference(after, after), { granted: [], revoked: [] });
  });

  test('a category the decision grants but the site no longer configures still counts as granted', () => {
    const d = decision(['analytics', 'legacy'], ['marketing']);
    assert.deepEqual([...model.granted(settings(), d, NOW)], ['analytics', 'legacy']);
  });
});

describe('decision model with services (CONTRACT §9)', () => {
  // ga4 and hotjar in analytics, youtube in marketing; preferences has none.
  const s = settings({ categories: ['preferences', 'analytics', 'marketing'], services: { ga4: 'analytics', hotjar: 'analytics', youtube: 'marketing' } });

  test('granting a category grants its services, refusing it refuses them', () => {
    const d = model.decide(s, ['analytics'], 'api', 'x', undefined, NOW);
    assert.deepEqual(d.categories, { necessary: true, analytics: true, preferences: false, marketing: false });
    assert.deepEqual(d.services, { ga4: true, hotjar: true, youtube: false });
    for (const id of ['analytics', 'ga4', 'hotjar']) assert.equal(model.has(s, d, id, NOW), true, id);
    for (const id of ['marketing', 'youtube', 'preferences']) assert.equal(model.has(s, d, id, NOW), false, id);
    assert.equal(model.valid(s, d, NOW), d);
  });

  test('a category counts as granted only when all of its services are; a service may be granted alone', () => {
    const d = model.decide(s, ['ga4', 'marketing'], 'preferences', 'x', undefined, NOW);
    assert.deepEqual(d.services, { ga4: true, hotjar: false, youtube: true });
    assert.equal(d.categories.analytics, false);
    assert.equal(model.has(s, d, 'analytics', NOW), false);
    assert.equal(model.has(s, d, 'ga4', NOW), true);
    assert.equal(model.has(s, d, 'hotjar', NOW), false);
    assert.equal(model.has(s, d, 'marketing', NOW), true);
    assert.deepEqual([...model.granted(s, d, NOW)].sort(), ['ga4', 'marketing', 'youtube']);
  });

  test('a decision that does not answer a configured service is not valid: the banner asks again', () => {
    const old = decision(['analytics', 'marketing'], ['preferences']);
    assert.equal(model.valid(s, old, NOW), null);
    assert.equal(model.asks(s, old, NOW), true);
    // Meanwhile a decision without services (version 1) answers for the service with its category, as the server's
    // hasConsent does ...
    assert.equal(model.has(s, old, 'ga4', NOW), true);
    // ... but one that lists services was asked about each: a service added since waits for its own answer.
    const before = model.decide(settings({ categories: ['analytics'], services: { ga4: 'analytics' } }), ['analytics'], 'banner', 'y', undefined, NOW);
    const added = settings({ categories: ['analytics'], services: { ga4: 'analytics', hotjar: 'analytics' } });
    assert.equal(model.asks(added, before, NOW), true);
    assert.deepEqual([model.has(added, before, 'analytics', NOW), model.has(added, before, 'ga4', NOW), model.has(added, before, 'hotjar', NOW)], [true, true, false]);
    assert.deepEqual([...model.granted(added, before, NOW)].sort(), ['analytics', 'ga4']);
    // Refused with its refused category, in opt-out mode too, where what is undecided counts as granted.
    const refused = model.decide(settings({ categories: ['analytics'], services: { ga4: 'analytics' } }), [], 'banner', 'z', undefined, NOW);
    const optOut = settings({ categories: ['analytics'], services: { ga4: 'analytics', hotjar: 'analytics' }, mode: 'opt-out' });
    assert.deepEqual([model.has(optOut, refused, 'analytics', NOW), model.has(optOut, refused, 'hotjar', NOW)], [false, false]);
    assert.equal(model.has(settings({ services: { ga4: 'analytics' } }), decision([], ['analytics', 'marketing']), 'ga4', NOW), false);
  });

  test('a site without services records no services: the same decision as before, never asked again', () => {
    const d = model.decide(settings(), ['analytics'], 'banner', 'x', undefined, NOW);
    assert.equal('services' in d, false);
    assert.equal(model.asks(settings({ services: {} }), d, NOW), false);
  });

  test('carried forward, a decision with services grants no service it never named through its category: an embed\'s Allow leaves it open, GPC refuses it', () => {
    // Analytics granted when it held ga4 alone; hotjar added since.
    const before = model.decide(settings({ categories: ['analytics', 'marketing'], services: { ga4: 'analytics', youtube: 'marketing' } }), ['analytics'], 'banner', 'a', undefined, NOW);
    const allow = model.grant(s, before, ['youtube'], 'placeholder', 'b', NOW);
    assert.deepEqual(allow.services, { ga4: true, youtube: true });
    assert.equal(model.has(s, allow, 'hotjar', NOW), false);
    assert.equal(model.asks(s, allow, NOW), true, 'hotjar is still to be asked about');
    const gpc = model.refuseOpen(s, before, 'c', NOW);
    assert.deepEqual(gpc.services, { ga4: true, hotjar: false, youtube: false });
    assert.deepEqual(gpc.categories, { necessary: true, analytics: false, marketing: false, preferences: false });
    assert.deepEqual([model.has(s, gpc, 'ga4', NOW), model.has(s, gpc, 'hotjar', NOW), model.has(s, gpc, 'analytics', NOW)], [true, false, false]);
    // A category the Allow names grants its services, hotjar included.
    assert.equal(model.grant(s, before, ['analytics'], 'placeholder', 'd', NOW).services!.hotjar, true);
  });

  test('an embed\'s Allow for a service grants that service only and refuses nothing', () => {
    const first = model.grant(s, null, ['youtube'], 'placeholder', 'z', NOW);
    assert.deepEqual(first.services, { youtube: true });
    // Exactly that one: not marketing, though youtube is its only service (a pixel tagged marketing still waits).
    assert.deepEqual(first.categories, { necessary: true });
    assert.equal(model.has(s, first, 'marketing', NOW), false);
    assert.equal(model.has(s, first, 'youtube', NOW), true);
    assert.equal(model.has(s, first, 'ga4', NOW), false);
    assert.equal(model.asks(s, first, NOW), true);
    // On top of a refusal: that one service, the rest stays refused.
    const refused = model.decide(s, [], 'banner', 'a', undefined, NOW);
    const after = model.grant(s, refused, ['ga4'], 'placeholder', 'b', NOW);
    assert.deepEqual(after.services, { ga4: true, hotjar: false, youtube: false });
    // ... marketing too, though youtube, its only service, is granted now: the decision stays whole and refuses it.
    const youtube = model.grant(s, refused, ['youtube'], 'placeholder', 'c', NOW);
    assert.deepEqual(youtube.categories, { necessary: true, preferences: false, analytics: false, marketing: false });
    assert.equal(model.valid(s, youtube, NOW), youtube);
    for (const mode of ['opt-in', 'opt-out'] as const) {
      const settingsOf = { ...s, mode };
      assert.deepEqual([model.has(settingsOf, youtube, 'youtube', NOW), model.has(settingsOf, youtube, 'marketing', NOW)], [true, false], mode);
    }
    assert.equal(after.categories.analytics, false);
    assert.equal(model.valid(s, after, NOW), after);
  });

  test('consent-change lists services too', () => {
    const before = model.granted(s, model.decide(s, ['analytics'], 'api', 'a', undefined, NOW), NOW);
    const after = model.granted(s, model.decide(s, ['ga4'], 'api', 'b', undefined, NOW), NOW);
    assert.deepEqual(model.difference(before, after), { granted: [], revoked: ['analytics', 'hotjar'] });
  });

  test('opt-out counts undecided services as granted, not with GPC', () => {
    assert.equal(model.has({ ...s, mode: 'opt-out' }, null, 'youtube', NOW), true);
    assert.equal(model.has({ ...s, mode: 'opt-out', gpc: true }, null, 'youtube', NOW), false);
  });
});

test('a category or service named like an Object.prototype member is just an id', () => {
  const s = settings({ categories: ['constructor'], services: { toString: 'constructor' } });
  const d = model.decide(s, ['constructor'], 'api', 'x', undefined, NOW);
  assert.deepEqual(d.services, { toString: true });
  assert.equal(model.has(s, d, 'toString', NOW), true);
  assert.equal(model.valid(s, d, NOW), d);
});
