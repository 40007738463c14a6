/** guardResponse on Fetch API Responses, and the rules of the guard common to every runtime. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardResponse, type GuardOptions } from '../../src/server/index.js';
import { ALL, VISITORS, assertKept, consentValue, names, options, warnings } from './guard-fixtures.js';

const request = (headers: Record<string, string> = {}) => new Request('https://shop.example/', { headers });

/** A response that sets `cookies`. */
const setting = (cookies: string[]) => new Response('x', { headers: cookies.map((cookie): [string, string] => ['set-cookie', cookie]) });

/** A response as an app makes it: mutable headers, every cookie of the site. */
function appResponse(init: ResponseInit = {}, body: BodyInit | null = 'hello'): Response {
  const headers = new Headers({ 'content-type': 'text/plain', 'x-app': '1' });
  for (const cookie of ALL) headers.append('set-cookie', cookie);
  return new Response(body, { status: 200, ...init, headers });
}

describe('guardResponse', () => {
  for (const visitor of VISITORS) {
    it(visitor.name, () => {
      assertKept(guardResponse(request(visitor.headers), appResponse(), options), visitor.kept, visitor.name);
    });
  }

  it('keeps status, status text, other headers and the body, streamed', async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(`chunk${++pulled};`));
        if (pulled === 3) controller.close();
      },
    });
    const guarded = guardResponse(request(), appResponse({ status: 201, statusText: 'Made' }, body), options);
    assert.equal(pulled <= 1, true, 'the body is not read by the guard');
    assert.equal(guarded.status, 201);
    assert.equal(guarded.statusText, 'Made');
    assert.equal(guarded.headers.get('x-app'), '1');
    assert.equal(guarded.headers.get('content-type'), 'text/plain');
    assert.equal(await guarded.text(), 'chunk1;chunk2;chunk3;');
    assert.ok(!names(guarded).includes('_ga'));
  });

  it('returns the very response when nothing is dropped (or no option names a cookie)', () => {
    const granted = request({ cookie: `cookie_consent=${consentValue(['analytics', 'marketing', 'preferences'], [])}` });
    const response = appResponse();
    assert.equal(guardResponse(granted, response, options), response);
    const plain = new Response('x', { headers: { 'set-cookie': 'theme=dark' } });
    assert.equal(guardResponse(request(), plain, options), plain);
    const untouched = appResponse();
    assert.equal(guardResponse(request(), untouched), untouched);
    assert.equal(guardResponse(request(), untouched, {}), untouched);
  });

  it('handles a response with immutable headers (a fetch() result), body and status kept', async () => {
    const server: Server = createServer((_req, res) => {
      res.setHeader('Set-Cookie', ALL);
      res.statusCode = 203;
      res.end('from upstream');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const upstream = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      assert.throws(() => upstream.headers.append('x', '1'), TypeError, 'fetch() results have immutable headers');
      const guarded = guardResponse(request(), upstream, options);
      assert.notEqual(guarded, upstream);
      assertKept(guarded, VISITORS[0]!.kept, 'no decision');
      assert.equal(guarded.status, 203);
      assert.equal(await guarded.text(), 'from upstream');
    } finally {
      server.close();
    }
  });

  it('names the consent cookie by cookieName, and by a value that is a decision whatever its name', () => {
    const value = consentValue(['analytics'], []);
    const custom: GuardOptions = { cookieName: '__Host-cc', categories: { analytics: ['__Host-cc', 'cc_*', 'cookie_consent'] } };
    const response = setting([`__Host-cc=${value}; Path=/; Secure`, `cc_copy=${value}`, 'cc_other=1', 'cookie_consent=1']);
    assert.deepEqual(names(guardResponse(request(), response, custom)), ['__Host-cc', 'cc_copy']);
  });

  it('passes every way of deleting a cookie, and nothing that only looks like one', () => {
    const cookies = [
      'ads_a=; Max-Age=0', 'ads_b=x; max-age=-1', 'ads_c=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT', 'ads_d=x; expires=Thu, 01-Jan-1970 00:00:01 GMT',
      'ads_e=x; Max-Age=0; Expires=Wed, 21 Oct 2099 07:28:00 GMT', // Max-Age wins over Expires
      'ads_f=x; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT', // ... either way: not a deletion
      'ads_g=x; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'ads_h=; Path=/', 'ads_i=x; Max-Age=abc', 'ads_j=x; Max-Age=60; Max-Age=0',
      'ads_k=x; Max-Age=0; Max-Age=60', 'ads_l=x; Expires=yesterday',
    ];
    const response = setting(cookies);
    assert.deepEqual(names(guardResponse(request(), response, options)), ['ads_a', 'ads_b', 'ads_c', 'ads_d', 'ads_e', 'ads_j']);
  });

  it("an Expires that browsers cannot read as a date is no deletion: the cookie would stay for the session", () => {
    // Each of the first six is stored by Chromium as a session cookie (RFC 6265 section 5.1.1 needs a
    // day, a month, a year and a time); Date.parse reads them all as dates in the past.
    const cookies = [
      'ads_a=x; Expires=1970', 'ads_b=x; Expires=0', 'ads_c=x; Expires=2000-01-01', 'ads_d=x; Expires=Jan 1970 00:00:00',
      'ads_e=x; Expires=Thu Jan 01 1970', 'ads_f=x; Expires=1970-01-01T00:00:00Z', 'ads_g=x; Expires=Thu, 31 Feb 2015 07:28:00 GMT',
      'ads_h=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'ads_i=x; expires=Sun, 06-Nov-94 08:49:37 GMT', 'ads_j=x; Expires=sunday 6 november 1994 8:49:37',
      'ads_k=x; Expires=1 jan 70 0:0:0', 'ads_l=x; Expires=Thu, 01 Jan 1970 24:00:00 GMT', 'ads_m=x; Expires=1 Jan 69 00:00:00 GMT', // 2069
    ];
    // As Chromium and Firefox read them (checked by setting each cookie, then "deleting" it so).
    assert.deepEqual(names(guardResponse(request(), setting(cookies), options)), ['ads_h', 'ads_i', 'ads_j', 'ads_k']);
  });

  it('matches exact names exactly and prefixes by their start; a bare * matches nothing', async () => {
    const messages = await warnings(async () => {
      const patterns: GuardOptions = { categories: { marketing: ['px', 'px_*', '*', 42 as never] } };
      const cookies = ['px=1', 'pxa=1', 'px_=1', 'px_1=1', 'PX=1', 'xpx_1=1', 'other=1', 'px_2'];
      const response = setting(cookies);
      assert.deepEqual(names(guardResponse(request(), response, patterns)), ['PX', 'other', 'px_2', 'pxa', 'xpx_1']);
    });
    assert.equal(messages.filter((m) => /ignoring .* in option categories\.marketing;/.test(m)).length, 2, messages.join('\n'));
  });

  it('keeps a cookie that a granted service claims though its refused category names it too', () => {
    // The category lists _ga itself, beside the ga4 preset; hotjar refused, so analytics counts as refused.
    const shared: GuardOptions = { categories: { analytics: ['_ga', 'visits'] }, presets: ['ga4', 'hotjar'] };
    const cookie = `cookie_consent=${consentValue(['marketing'], ['analytics'], { ga4: true, hotjar: false })}`;
    const guarded = guardResponse(request({ cookie }), setting(['_ga=GA1.1.1; Path=/', 'visits=1; Path=/', '_hjSession_1=1; Path=/']), { ...shared, revision: 1 });
    assert.deepEqual(names(guarded), ['_ga']);
    // ga4 refused too: nothing claims it any more.
    const refused = `cookie_consent=${consentValue(['marketing'], ['analytics'], { ga4: false, hotjar: false })}`;
    assert.deepEqual(names(guardResponse(request({ cookie: refused }), setting(['_ga=GA1.1.1; Path=/']), { ...shared, revision: 1 })), []);
  });

  it('warns once per dropped cookie name, naming the cookie and its category or service', async () => {
    const once: GuardOptions = { presets: ['ga4'], categories: { marketing: ['warn_*'] } };
    // Names no other test here drops: the memory of warned names lasts as long as the process.
    const cookies = ['_gid=1', '_ga_W1=1', 'warn_a=1', 'warn_b=1', 'warn_a=2'];
    const messages = await warnings(async () => {
      for (let i = 0; i < 3; i++) {
        guardResponse(request(), setting(cookies), once);
        guardResponse(request(), setting(['warn_a=3']), { ...once }); // other options object
      }
    });
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0]!, /"_gid".*service "ga4"/);
    assert.match(messages[1]!, /"_ga_W1".*service "ga4"/);
    assert.match(messages[2]!, /"warn_a".*category "marketing"/);
    assert.match(messages[3]!, /"warn_b".*category "marketing"/);
  });

  it('warns about bad options once and keeps the good ones; never throws, whatever it is given', async () => {
    const messages = await warnings(async () => {
      for (const bad of [{ presets: ['ga4', 'nope'] }, { presets: 'ga4' }, { categories: ['x'] }, { categories: { '__proto__': ['a'] } }, { services: { chat: 'chat_*' } }]) {
        assert.doesNotThrow(() => guardResponse(request(), appResponse(), bad as never));
      }
      const withBadPreset = guardResponse(request(), appResponse(), { presets: ['ga4', 'nope'] });
      assert.ok(!names(withBadPreset).includes('_ga'), 'the good preset still guards');
      const hostile = new Proxy({}, { get: () => { throw new Error('no'); } });
      for (const [req, res, opts] of [[hostile, appResponse(), options], [request(), hostile, options], [request(), appResponse(), hostile], [null, appResponse(), options], [request(), null, options]]) {
        assert.doesNotThrow(() => guardResponse(req as never, res as never, opts as never));
      }
      // A request that cannot be read has no decision: nothing optional passes.
      assertKept(guardResponse(hostile as never, appResponse(), options), VISITORS[0]!.kept, 'hostile request');
    });
    assert.ok(messages.some((m) => /presets\.nope/.test(m)), messages.join('\n'));
  });
});

describe('guardResponse against a real Fetch server', () => {
  let server: Server;
  let base = '';
  before(async () => {
    // A minimal Fetch-API runtime on node:http: Request in, guarded Response out.
    server = createServer(async (req, res) => {
      const request = new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> });
      const response = guardResponse(request, appResponse(), options);
      res.statusCode = response.status;
      for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
      res.setHeader('set-cookie', response.headers.getSetCookie());
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  for (const visitor of VISITORS) {
    it(visitor.name, async () => {
      const response = await fetch(`${base}/`, { headers: visitor.headers });
      assertKept(response, visitor.kept, visitor.name);
      assert.equal(await response.text(), 'hello');
    });
  }
});
