/**
 * Bad options are reported once with console.warn, naming the option, and then count as not given.
 * (Its own file: the warnings are once per process, and node --test runs each file in its own.)
 */
import { it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { consentMiddleware, guardResponse, parseConsent, readConsent } from '../../src/server/index.js';
import { decision } from './fixtures.js';

it('warns once per bad option, naming it, and ignores it', () => {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const { consent, value } = decision(['analytics'], [], { revision: 1, ageDays: 400 });
    const header = `cookie_consent=${value}`;

    assert.deepEqual(parseConsent(header, { revision: -1 }), consent);
    assert.deepEqual(parseConsent(header, { revision: 2.5 }), consent);
    assert.deepEqual(parseConsent(header, { expiresDays: NaN }), consent);
    assert.deepEqual(parseConsent(header, { cookieName: 7 as never }), consent);
    consentMiddleware({ cookieName: 'bad name' });
    assert.deepEqual(parseConsent(header, { cookieName: 'a;b', revision: 'x' as never, expiresDays: -1 }), consent);
    // A string is no boolean ('false' would read as true): the signal counts, as by default.
    assert.equal(readConsent({ headers: { 'sec-gpc': '1' } }, { ignoreGpc: 'yes' as never })?.source, 'gpc');
    assert.equal(readConsent({ headers: { 'sec-gpc': '1' } }, { ignoreGpc: 'false' as never })?.source, 'gpc');

    const messages = warn.mock.calls.map((call) => String(call.arguments[0]));
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0]!, /cookie-consent-element\/server.*\brevision\b.*-1/);
    assert.match(messages[1]!, /\bexpiresDays\b.*NaN/);
    assert.match(messages[2]!, /\bcookieName\b.*7/);
    assert.match(messages[3]!, /\bignoreGpc\b.*"yes".*true or false/);

    // Good options next to a bad one still apply.
    assert.equal(parseConsent(header, { revision: 2, expiresDays: NaN }), null);
    assert.equal(parseConsent(header, { revision: -1, expiresDays: 30 }), null);
    assert.deepEqual(parseConsent(header, { revision: 1, cookieName: '' }), consent);
    // null is "not given", as in a JSON config: no warning.
    assert.deepEqual(parseConsent(header, { revision: null, expiresDays: null, cookieName: null, ignoreGpc: null } as never), consent);
    assert.equal(warn.mock.callCount(), 4);
  } finally {
    warn.mock.restore();
  }
});

it('reads the options anew on each call, even from the same object', () => {
  const { consent, value } = decision(['analytics'], [], { revision: 1 });
  const header = `cookie_consent=${value}`;
  const options: { revision?: number; cookieName?: string } = { revision: 1 };
  assert.deepEqual(parseConsent(header, options), consent);
  options.revision = 2;
  assert.equal(parseConsent(header, options), null);
  delete options.revision;
  assert.deepEqual(parseConsent(header, options), consent);
  options.cookieName = 'other';
  assert.equal(parseConsent(header, options), null);
});

it('still warns of a bad option after a thousand cookies the guard dropped were warned of', () => {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const guard = { categories: { analytics: ['ab_*'] } };
    const request = new Request('https://shop.example/');
    // A cookie name per user or per experiment: each dropped one is told once, up to a cap.
    for (let i = 0; i < 1500; i++) guardResponse(request, new Response('x', { headers: { 'set-cookie': `ab_${i}=1` } }), guard);
    const dropped = warn.mock.callCount();
    assert.equal(dropped, 1000);
    // (The options of the other helpers are told once per process, and this file's first test told them all.)
    guardResponse(request, new Response('x'), { categories: { analytics: ['bad name'] } });
    guardResponse(request, new Response('x'), { presets: ['no-such-preset'] });
    const messages = warn.mock.calls.slice(dropped).map((call) => String(call.arguments[0]));
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0]!, /"bad name" in option categories\.analytics/);
    assert.match(messages[1]!, /no-such-preset/);
  } finally {
    warn.mock.restore();
  }
});
