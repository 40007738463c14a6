/**
 * Real HTTP: a node:http server on 127.0.0.1, real fetch() and http.request() clients sending real
 * Cookie and Sec-GPC headers. Read three ways: readConsent on the IncomingMessage, consentMiddleware,
 * and a Fetch-API handler `(request: Request) => Response` fed from the same server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consentMiddleware, hasConsent, readConsent, type Consent } from '../../src/server/index.js';
import { decision } from './fixtures.js';

const OPTIONS = { revision: 2, expiresDays: 182 };
const middleware = consentMiddleware(OPTIONS);

/** A Fetch-API handler, as on Deno, Bun, Cloudflare Workers or Hono. */
function fetchHandler(request: Request): Response {
  const consent = readConsent(request, OPTIONS);
  return Response.json({ consent, analytics: hasConsent(request, 'analytics', OPTIONS) });
}

/** Turns a Node request into a Fetch API Request, as adapters for those runtimes do. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  return new Request(`http://${req.headers.host}${req.url}`, { headers });
}

let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/fetch') {
      const response = fetchHandler(toRequest(req));
      res.writeHead(response.status, { 'content-type': 'application/json' });
      void response.text().then((body) => res.end(body));
      return;
    }
    if (req.url === '/middleware') {
      middleware(req, res, () => {
        const consent = (req as IncomingMessage & { consent: Consent | null }).consent;
        res.end(JSON.stringify({ consent, analytics: consent?.categories.analytics === true }));
      });
      return;
    }
    res.end(JSON.stringify({ consent: readConsent(req, OPTIONS), analytics: hasConsent(req, 'analytics', OPTIONS) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, headers: Record<string, string>): Promise<{ consent: Consent | null; analytics: boolean }> {
  const response = await fetch(origin + path, { headers });
  assert.equal(response.status, 200);
  return (await response.json()) as { consent: Consent | null; analytics: boolean };
}

const granted = decision(['analytics', 'preferences'], ['marketing'], { revision: 2 });
const refused = decision([], ['analytics', 'preferences', 'marketing'], { revision: 2 });
const outdated = decision(['analytics'], [], { revision: 1, ageDays: 30 });
const siteCookies = 'session=3f9a1c; _ga=GA1.1.123.456; theme=dark';

for (const path of ['/node', '/middleware', '/fetch']) {
  describe(`over HTTP, read by ${path.slice(1)}`, () => {
    it('reads a granting decision among other cookies', async () => {
      const body = await get(path, { cookie: `${siteCookies}; cookie_consent=${granted.value}` });
      assert.deepEqual(body.consent, granted.consent);
      assert.equal(body.analytics, true);
    });

    it('reads a refusing decision', async () => {
      const body = await get(path, { cookie: `cookie_consent=${refused.value}; ${siteCookies}` });
      assert.deepEqual(body.consent, refused.consent);
      assert.equal(body.analytics, false);
    });

    it('reads no decision without the cookie, or for another revision', async () => {
      assert.deepEqual(await get(path, { cookie: siteCookies }), { consent: null, analytics: false });
      assert.deepEqual(await get(path, {}), { consent: null, analytics: false });
      assert.deepEqual(await get(path, { cookie: `cookie_consent=${outdated.value}` }), { consent: null, analytics: false });
    });

    it('reads Sec-GPC: 1 without a valid decision as a refusal', async () => {
      const start = Date.now();
      for (const cookie of [siteCookies, `cookie_consent=${outdated.value}`]) {
        const body = await get(path, { cookie, 'Sec-GPC': '1' });
        assert.equal(body.analytics, false);
        const { timestamp, ...rest } = body.consent!;
        assert.deepEqual(rest, { categories: { necessary: true }, revision: 2, id: '', source: 'gpc' });
        assert.ok(timestamp >= start && timestamp <= Date.now());
      }
    });

    it('lets a valid decision win over Sec-GPC: 1', async () => {
      const body = await get(path, { cookie: `cookie_consent=${granted.value}`, 'Sec-GPC': '1' });
      assert.deepEqual(body.consent, granted.consent);
      assert.equal(body.analytics, true);
    });

    it('reads nothing from a damaged cookie', async () => {
      const body = await get(path, { cookie: `cookie_consent=${granted.value.slice(0, 40)}` });
      assert.deepEqual(body, { consent: null, analytics: false });
    });
  });
}

describe('over HTTP, with two Cookie header lines', () => {
  // fetch() folds headers into one line; http.request() with an array sends each as its own line,
  // as some proxies do. Node joins them with "; " before the app sees them.
  function getRaw(cookies: string[]): Promise<{ consent: Consent | null }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${origin}/node`, { headers: { cookie: cookies } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(JSON.parse(body) as { consent: Consent | null }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('finds the consent cookie in either line', async () => {
    assert.deepEqual((await getRaw([siteCookies, `cookie_consent=${granted.value}`])).consent, granted.consent);
    assert.deepEqual((await getRaw([`cookie_consent=${granted.value}`, siteCookies])).consent, granted.consent);
  });

  it('takes the newer of two consent cookies, in either line', async () => {
    assert.deepEqual((await getRaw([`cookie_consent=${outdated.value}`, `cookie_consent=${refused.value}`])).consent, refused.consent);
    assert.deepEqual((await getRaw([`cookie_consent=${refused.value}`, `cookie_consent=${outdated.value}`])).consent, refused.consent);
  });
});

describe('a Fetch-API handler called with Request objects', () => {
  it('answers from the request it is given', async () => {
    const yes = await fetchHandler(new Request('https://example.com/', { headers: { cookie: `cookie_consent=${granted.value}` } })).json();
    assert.deepEqual(yes, { consent: granted.consent, analytics: true });
    const no = await fetchHandler(new Request('https://example.com/')).json();
    assert.deepEqual(no, { consent: null, analytics: false });
  });
});
