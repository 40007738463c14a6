/**
 * renewConsentCookie: the server writes the stored decision again (Safari keeps a cookie a script wrote for
 * 7 days at most). The header it gives must write exactly the element's cookie, for the decision's own
 * lifetime, and read back as the same decision; with nothing valid to renew it gives nothing.
 * (Its own file: bad options are reported once per process, and node --test runs each file in its own.)
 */
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import { parseConsent, renewConsentCookie, type RenewOptions } from '../../src/server/index.js';
import { DAY, decision } from './fixtures.js';

/** The attributes of a `Set-Cookie` value, by lower-case name (`true` for a flag), and its name and value. */
function attributesOf(setCookie: string): { name: string; value: string; attributes: Record<string, string | true> } {
  const [pair, ...rest] = setCookie.split('; ');
  const at = pair!.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    attributes[(eq === -1 ? part : part.slice(0, eq)).toLowerCase()] = eq === -1 ? true : part.slice(eq + 1);
  }
  return { name: pair!.slice(0, at), value: pair!.slice(at + 1), attributes };
}

/** The element's default lifetime, which every renewal must be told. */
const DAYS = { expiresDays: 182 };

/** Renews (182 days unless `options` say otherwise) and checks that the result is a header; returns its parts. */
function renewed(cookie: string, options?: Partial<RenewOptions>) {
  const header = renewConsentCookie(cookie, { ...DAYS, ...options });
  assert.ok(header, `a renewal of ${cookie}`);
  return attributesOf(header);
}

describe('renewConsentCookie', () => {
  it('writes the same decision again, with the element\'s attributes, for the rest of its lifetime', () => {
    const { consent, value } = decision(['analytics'], ['marketing'], { revision: 2, ageDays: 10 });
    const before = Date.now();
    const { name, value: written, attributes } = renewed(`a=1; cookie_consent=${value}; b=2`, { revision: 2, expiresDays: 30 });
    assert.equal(name, 'cookie_consent');
    assert.equal(written, value, 'the value the element wrote, byte for byte');
    assert.deepEqual(parseConsent(`cookie_consent=${written}`, { revision: 2, expiresDays: 30 }), consent);
    assert.deepEqual(Object.keys(attributes).sort(), ['expires', 'max-age', 'path', 'samesite', 'secure']);
    assert.equal(attributes.path, '/');
    assert.equal(attributes.samesite, 'Lax');
    assert.equal(attributes.secure, true);
    // 20 of its 30 days are left: no more (the decision must not outlive its lifetime), and not much less.
    const maxAge = Number(attributes['max-age']);
    const left = (consent.timestamp + 30 * DAY - before) / 1000;
    assert.ok(maxAge <= left && maxAge >= left - 2, `Max-Age ${maxAge} is the ${left} s left`);
    const expires = Date.parse(attributes.expires as string);
    assert.ok(Math.abs(expires - (consent.timestamp + 30 * DAY)) < 2000, `Expires ${attributes.expires} is when the decision ends`);
  });

  it('renews a decision for what is left of its lifetime, and one dated ahead for no longer than that', () => {
    const { value } = decision(['analytics'], [], { ageDays: 2 });
    const maxAge = Number(renewed(`cookie_consent=${value}`).attributes['max-age']);
    assert.ok(Math.abs(maxAge - 180 * 86_400) < 3, `Max-Age ${maxAge}`);
    // Older than that, the element asks again: nothing to renew.
    assert.equal(renewConsentCookie(`cookie_consent=${decision(['analytics'], [], { ageDays: 183 }).value}`, DAYS), null);
    // A copy dated up to 5 minutes ahead is read (clocks differ), but its lifetime starts now, not later.
    const ahead = encodeConsent(createConsent(['analytics'], [], 0, 'banner', Date.now() + 4 * 60_000));
    assert.ok(Number(renewed(`cookie_consent=${ahead}`, { expiresDays: 30 }).attributes['max-age']) <= 30 * 86_400);
  });

  it('keeps what the browser would: at most 400 days', () => {
    const { value } = decision(['analytics'], [], { ageDays: 1 });
    assert.equal(renewed(`cookie_consent=${value}`, { expiresDays: 3650 }).attributes['max-age'], String(400 * 86_400));
    assert.equal(renewed(`cookie_consent=${value}`, { expiresDays: Infinity }).attributes['max-age'], String(400 * 86_400));
  });

  it('renews nothing without a valid decision', () => {
    const { value } = decision(['analytics'], [], { revision: 1 });
    assert.equal(renewConsentCookie('', DAYS), null);
    assert.equal(renewConsentCookie(null, DAYS), null);
    assert.equal(renewConsentCookie(undefined, DAYS), null);
    assert.equal(renewConsentCookie('a=1; b=2', DAYS), null);
    assert.equal(renewConsentCookie('cookie_consent=v=1&r=0&t=x&id=__proto__&s=banner&g=analytics&d=', DAYS), null);
    assert.equal(renewConsentCookie(`cookie_consent=${value}`, { ...DAYS, revision: 2 }), null, 'made for another revision');
    assert.equal(renewConsentCookie(`cookie_consent=${value}`, { expiresDays: 0.5 }), null, 'expired');
    // Global Privacy Control is a refusal the server reads, not a cookie the visitor holds.
    assert.equal(renewConsentCookie(new Request('https://shop.example/', { headers: { 'sec-gpc': '1' } }), DAYS), null);
  });

  it('reads requests as readConsent does: Fetch API and Node', () => {
    const { value } = decision();
    for (const request of [
      new Request('https://shop.example/', { headers: { cookie: `cookie_consent=${value}` } }),
      { headers: { cookie: `cookie_consent=${value}` } },
      { headers: { cookie: ['a=1', `cookie_consent=${value}`] } },
    ]) {
      assert.equal(attributesOf(renewConsentCookie(request, DAYS)!).value, value);
    }
  });

  it('renews the copy the element and readConsent use: the newest', () => {
    const old = decision(['analytics'], [], { ageDays: 5 });
    const newer = decision([], ['analytics'], { ageDays: 1 });
    assert.equal(renewed(`cookie_consent=${old.value}; cookie_consent=${newer.value}`).value, newer.value);
    assert.equal(renewed(`cookie_consent=${newer.value}; cookie_consent=${old.value}`).value, newer.value);
  });

  it('renews a decision with services (format version 2) as it is', () => {
    const consent = { ...createConsent(['analytics'], ['marketing'], 0, 'preferences', Date.now() - DAY), services: { ga4: true, youtube: false } };
    const value = encodeConsent(consent);
    assert.match(value, /^v=2&/);
    const written = renewed(`cookie_consent=${value}`).value;
    assert.equal(written, value);
    assert.deepEqual(parseConsent(`cookie_consent=${written}`), consent);
  });

  it('writes the element\'s cookie-name, cookie-domain and cookie-path, and Secure as asked', () => {
    const { value } = decision();
    const mine = renewed(`cc=${value}`, { cookieName: 'cc', cookieDomain: 'example.com', cookiePath: '/shop', secure: false });
    assert.equal(mine.name, 'cc');
    assert.equal(mine.attributes.domain, 'example.com');
    assert.equal(mine.attributes.path, '/shop');
    assert.equal(mine.attributes.secure, undefined);
    // The browser keeps these names only Secure (a __Host- one also host-only, at /): whatever `secure` says.
    assert.equal(renewed(`__Secure-cc=${value}`, { cookieName: '__Secure-cc', secure: false }).attributes.secure, true);
    assert.equal(renewed(`__Host-cc=${value}`, { cookieName: '__Host-cc', secure: false }).attributes.secure, true);
  });

  it('reports a bad option once, uses its default, and never throws', () => {
    const warn = mock.method(console, 'warn', () => {});
    try {
      const { value } = decision();
      const header = `cookie_consent=${value}`;
      // Without the element's lifetime nothing is renewed: a guessed one would outlive or cut short its decisions.
      assert.equal(renewConsentCookie(header), null);
      assert.equal(renewConsentCookie(header, {} as RenewOptions), null);
      assert.equal(renewed(header, { cookieDomain: '' }).attributes.domain, undefined, 'empty is none, as on the element');
      assert.equal(renewed(header, { cookieDomain: 'exa mple.com' }).attributes.domain, undefined);
      assert.equal(renewed(header, { cookieDomain: 'exa mple.com' }).attributes.domain, undefined);
      assert.equal(renewed(header, { cookiePath: 'shop' }).attributes.path, '/');
      assert.equal(renewed(header, { cookiePath: '/a;Domain=evil.example' }).attributes.path, '/');
      assert.equal(renewed(header, { secure: 'no' as never }).attributes.secure, true);
      // A __Host- cookie has no Domain and lives at /: such options would make the browser refuse it.
      const host = renewed(`__Host-cc=${value}`, { cookieName: '__Host-cc', cookieDomain: 'example.com', cookiePath: '/shop' });
      assert.equal(host.attributes.domain, undefined);
      assert.equal(host.attributes.path, '/');
      const messages = warn.mock.calls.map((call) => String(call.arguments[0]));
      assert.equal(messages.length, 4, messages.join('\n'));
      assert.match(messages[0]!, /cookie-consent-element\/server: renewConsentCookie needs expiresDays/);
      assert.match(messages[1]!, /cookie-consent-element\/server: ignoring option cookieDomain = "exa mple.com"/);
      assert.match(messages[2]!, /\bcookiePath\b.*"shop"/);
      assert.match(messages[3]!, /\bsecure\b.*"no"/);

      // Hostile input gives nothing, and throws nothing.
      const throwing = new Proxy({}, { get() { throw new Error('getter'); } });
      for (const input of [42, {}, [], throwing, { headers: throwing }, { headers: { cookie: 42 } }] as never[]) assert.equal(renewConsentCookie(input, DAYS), null);
      assert.equal(renewConsentCookie(header, throwing as never), null, 'options whose getters throw count as not given: no lifetime');
    } finally {
      warn.mock.restore();
    }
  });
});

describe('renewConsentCookie over real HTTP', () => {
  let server: Server;
  let origin: string;
  const options = { revision: 0, expiresDays: 182 };

  before(async () => {
    server = createServer((req, res) => {
      const renewal = renewConsentCookie(req, options);
      if (renewal) res.appendHeader('Set-Cookie', renewal);
      res.end('page');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a page request carrying a decision with the cookie that holds it, and one without it with none', async () => {
    const { consent, value } = decision(['analytics'], ['marketing'], { ageDays: 3 });
    const granted = await fetch(origin, { headers: { cookie: `session=abc; cookie_consent=${value}` } });
    const [setCookie, ...more] = granted.headers.getSetCookie();
    assert.deepEqual(more, []);
    const { name, value: written } = attributesOf(setCookie!);
    assert.deepEqual(parseConsent(`${name}=${written}`, options), consent);
    assert.deepEqual((await fetch(origin)).headers.getSetCookie(), []);
    assert.deepEqual((await fetch(origin, { headers: { 'sec-gpc': '1' } })).headers.getSetCookie(), []);
  });
});
