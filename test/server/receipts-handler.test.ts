/**
 * Receiving receipts over real HTTP: a node:http server on 127.0.0.1 with the Node middleware and the
 * Fetch handler in front of a real SQLite file. Malformed, oversized and hostile bodies get a 4xx and
 * leave nothing in the store.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsent, decodeConsent, encodeConsent } from '../../src/consent/index.js';
import { receiptFetchHandler, receiptMiddleware, truncateAddress, type ReceiptStore } from '../../src/server/index.js';
import { sqliteReceiptStore } from '../../src/server/receipts/sqlite.js';
import { json } from 'body-parser';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'cc-receipts-http-'));
let store: ReceiptStore;
let server: Server;
let origin: string;
let seq = 0;
/** Routes that a test adds once it knows its addresses. */
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

/** Turns a Node request into a Fetch API Request, as adapters for edge runtimes do. */
async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers(req.headers as Record<string, string>);
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
}

before(async () => {
  store = await sqliteReceiptStore(join(tmp, 'receipts.sqlite'));
  // Each path its own handler, so the rate limit of one test does not spill into another.
  const node = receiptMiddleware({ store, rateLimit: false });
  const limited = receiptMiddleware({ store, rateLimit: { max: 3, windowMs: 60_000 } });
  const truncated = receiptMiddleware({ store, rateLimit: false, clientAddress: 'truncated' });
  const keyed = receiptMiddleware({ store, rateLimit: false, clientAddress: { key: 'secret' } });
  const edge = receiptFetchHandler({ store, rateLimit: false, origins: ['https://www.example.com'] });
  server = createServer((req, res) => {
    if (req.url === '/fetch') {
      void toRequest(req).then((request) => edge(request, req.socket.remoteAddress)).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(await response.text());
      });
      return;
    }
    if (routes.has(req.url!)) return void routes.get(req.url!)!(req, res);
    void ({ '/limited': limited, '/truncated': truncated, '/keyed': keyed }[req.url!] ?? node)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A receipt body as the element sends it. */
function body(extra: Record<string, unknown> = {}) {
  const consent = createConsent(['analytics'], ['marketing'], 2, 'banner', Date.now(), `id${++seq}`);
  return { ...consent, language: 'en', textsHash: 'f'.repeat(64), version: '0.1.0', origin, path: '/shop', ...extra };
}

async function post(path: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { stored: boolean; error?: string } }> {
  const response = await fetch(origin + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.status, json: (await response.json()) as { stored: boolean; error?: string } };
}

let before_: number;
beforeEach(async () => {
  before_ = (await store.find()).length;
});
const stored = async () => (await store.find()).length - before_;

for (const path of ['/node', '/fetch']) {
  describe(`receipts handler (${path === '/node' ? 'Node middleware' : 'Fetch handler'})`, () => {
    it('stores a receipt with the server’s receive time, once', async () => {
      const sent = body();
      const start = Date.now();
      assert.deepEqual(await post(path, sent), { status: 201, json: { stored: true } });
      const [receipt] = await store.find({ id: sent.id });
      assert.ok(receipt!.receivedAt >= start && receipt!.receivedAt <= Date.now());
      assert.deepEqual({ ...receipt, receivedAt: 0 }, {
        ...sent, receivedAt: 0, outcome: 'partial', services: null, client: null,
      });
      // The browser resends when it never saw the answer: no second receipt.
      assert.deepEqual(await post(path, sent), { status: 200, json: { stored: false } });
      assert.equal(await stored(), 1);
    });

    it('rejects malformed, oversized and hostile bodies with 4xx, storing nothing', async () => {
      const cases: Array<[unknown, number, Record<string, string>?]> = [
        ['{"id":', 400],
        ['[]', 400],
        ['null', 400],
        [body({ id: 'x'.repeat(65) }), 400],
        [body({ id: "a'; DROP TABLE consent_receipts; --" }), 400],
        [body({ timestamp: '1700000000000' }), 400],
        [body({ timestamp: 1e300 }), 400],
        [body({ revision: -1 }), 400],
        [body({ source: 'forged' }), 400],
        [body({ categories: { necessary: false } }), 400],
        [`{"id":"p1","timestamp":1,"revision":0,"source":"api","categories":{"necessary":true,"__proto__":true}}`, 400],
        [body({ categories: { necessary: true, analytics: 'yes' } }), 400],
        [body({ categories: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`c${i}`, true])) }), 400],
        [body({ path: '/shop?email=a@b.example' }), 400],
        [body({ path: '/<script>' }), 400],
        [body({ language: 'en"><script>' }), 400],
        [body({ textsHash: 'nothex' }), 400],
        [body({ origin: 'https://evil.example' }), 400],
        [body({ padding: 'x'.repeat(5000) }), 413],
        [JSON.stringify(body()).replace('"en"', `"${'\u00e9'.repeat(3000)}"`), 413],
        ['\xff\xfe', 400],
        [body(), 415, { 'Content-Type': 'text/plain' }],
        [body(), 403, { Origin: 'https://evil.example' }],
        [body(), 403, { Origin: 'null' }],
      ];
      for (const [payload, status, headers] of cases) {
        const answer = await post(path, payload, headers);
        assert.equal(answer.status, status, `${JSON.stringify(payload).slice(60, 200)}: ${answer.json.error}`);
        assert.equal(answer.json.stored, false);
      }
      // One over the limit is answered before it has all come: the connection goes with it, not held open for the rest.
      const over = await fetch(origin + path, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(body({ padding: 'x'.repeat(5000) })) });
      assert.deepEqual([over.status, over.headers.get('connection')], [413, 'close']);
      await over.text();
      const noOrigin = await fetch(origin + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body()) });
      assert.equal(noOrigin.status, 403);
      assert.equal((await fetch(origin + path)).status, 405);
      assert.equal(await stored(), 0);
    });

    it('keeps unknown fields out of the store, and keeps no address by default', async () => {
      const sent = body({ email: 'visitor@example.com', services: { ga4: true } });
      assert.equal((await post(path, sent)).status, 201);
      const [receipt] = await store.find({ id: sent.id });
      assert.equal(JSON.stringify(receipt).includes('visitor@example.com'), false);
      assert.deepEqual(receipt!.services, { ga4: true });
      assert.equal(receipt!.client, null);
    });
  });
}

describe('receipts handler options', () => {
  it('allows listed origins besides the request’s own host (Fetch handler)', async () => {
    const sent = body({ origin: 'https://www.example.com' });
    assert.equal((await post('/fetch', sent, { Origin: 'https://www.example.com' })).status, 201);
  });

  it('counts an embed\'s grant that leaves categories undecided as partial, not accepted', async () => {
    const grant = { ...body(), categories: { necessary: true, marketing: true }, source: 'placeholder', undecided: ['analytics'] };
    assert.equal((await post('/node', grant)).status, 201);
    assert.equal((await store.find({ id: grant.id }))[0]!.outcome, 'partial');
    assert.equal((await post('/node', { ...body(), undecided: 'analytics' })).status, 400);
  });

  it('counts an embed\'s grant of a service on top of a refusal as partial, not refused', async () => {
    const allow = { ...body(), categories: { necessary: true, analytics: false, marketing: false }, services: { youtube: true, 'google-ads': false }, source: 'placeholder' };
    assert.equal((await post('/node', allow)).status, 201);
    assert.equal((await store.find({ id: allow.id }))[0]!.outcome, 'partial');
    const refusal = { ...body(), categories: { necessary: true, analytics: false, marketing: false }, services: { youtube: false } };
    assert.equal((await post('/node', refusal)).status, 201);
    assert.equal((await store.find({ id: refusal.id }))[0]!.outcome, 'refused');
  });

  it('takes a decision with as many categories as the cookie holds: 64 besides necessary, which it never writes', async () => {
    const ids = Array.from({ length: 65 }, (_, i) => `c${i}`);
    const full = createConsent(ids.slice(0, 64), [], 2, 'banner', Date.now(), `id${++seq}`);
    assert.equal(decodeConsent(encodeConsent(full))?.id, full.id, 'the cookie holds this decision');
    assert.equal((await post('/node', { ...body(), ...full })).status, 201);
    assert.equal((await store.find({ id: full.id }))[0]!.outcome, 'accepted');
    const over = createConsent(ids, [], 2, 'banner', Date.now(), `id${++seq}`);
    assert.equal(decodeConsent(encodeConsent(over)), null, 'nor does the cookie hold this one');
    assert.equal((await post('/node', { ...body(), ...over })).status, 400);
  });

  it('takes a path as browsers give location.pathname, which leaves [ ] (Chromium) and | ^ (the URL standard) unescaped', async () => {
    const sent = body({ path: '/products/[id]/a|b^c' });
    assert.equal((await post('/node', sent)).status, 201);
    assert.equal((await store.find({ id: sent.id }))[0]!.path, '/products/[id]/a|b^c');
  });

  it('rate-limits per client: 429 with Retry-After, nothing stored', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/limited', body())).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    assert.equal(await stored(), 3);
  });

  it('a Fetch handler given no client address limits nobody (one window for every visitor would refuse the site)', async () => {
    const edge = receiptFetchHandler({ store, rateLimit: { max: 2, windowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const response = await edge(new Request('https://shop.example/r', {
        method: 'POST', headers: { Origin: 'https://shop.example', 'Content-Type': 'application/json' }, body: JSON.stringify(body({ origin: 'https://shop.example' })),
      }));
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 201]);
  });

  it('keeps a truncated or keyed-hash address only when asked', async () => {
    const a = body();
    const b = body();
    await post('/truncated', a);
    await post('/keyed', b);
    assert.equal((await store.find({ id: a.id }))[0]!.client, '127.0.0.0');
    assert.match((await store.find({ id: b.id }))[0]!.client!, /^[0-9a-f]{32}$/);
    assert.equal(truncateAddress('2001:db8:85a3:1:2::7'), '2001:db8:85a3::');
    assert.equal(truncateAddress('::ffff:198.51.100.7'), '198.51.100.0');
  });

  it('refuses, when created, a clientAddress that would fail every receipt (an empty key, a misspelt mode)', () => {
    // { key: process.env.RECEIPT_KEY } with the variable unset: HMAC refuses an empty key, so each
    // receipt got 503 and every browser kept resending it, with nothing stored and nothing logged.
    for (const clientAddress of [{ key: '' }, { key: undefined }, 'truncate', 42]) {
      const options = { store, clientAddress } as unknown as Parameters<typeof receiptMiddleware>[0];
      assert.throws(() => receiptMiddleware(options), /clientAddress/, JSON.stringify(clientAddress));
      assert.throws(() => receiptFetchHandler(options), /clientAddress/, JSON.stringify(clientAddress));
    }
    for (const clientAddress of ['none', 'truncated', { key: 'secret' }, undefined, null]) receiptFetchHandler({ store, clientAddress: clientAddress as 'none' });
  });

  it('hashes an IPv4 address as the same value however the runtime writes it (Node on :: gives ::ffff:a.b.c.d)', async () => {
    const keyed = receiptFetchHandler({ store, rateLimit: false, clientAddress: { key: 'secret' } });
    const clients = [];
    for (const address of ['198.51.100.7', '::ffff:198.51.100.7', '::FFFF:198.51.100.7', '198.51.100.8']) {
      const sent = body({ origin: 'https://shop.example' });
      const response = await keyed(new Request('https://shop.example/r', {
        method: 'POST', headers: { Origin: 'https://shop.example', 'Content-Type': 'application/json' }, body: JSON.stringify(sent),
      }), address);
      assert.equal(response.status, 201);
      clients.push((await store.find({ id: sent.id }))[0]!.client);
    }
    assert.equal(new Set(clients.slice(0, 3)).size, 1, clients.join());
    assert.notEqual(clients[3], clients[0]);
  });

  it('answers 503 when the store fails, so the browser keeps the receipt', async (t) => {
    t.mock.method(console, 'error', () => {}); // the log is tested below
    const failing = receiptFetchHandler({ store: { ...store, append: () => Promise.reject(new Error('connection refused')) } });
    const response = await failing(new Request('https://shop.example/r', {
      method: 'POST', headers: { Origin: 'https://shop.example', 'Content-Type': 'application/json' }, body: JSON.stringify(body({ origin: undefined })),
    }));
    assert.equal(response.status, 503);
    assert.doesNotMatch(await response.text(), /connection refused/);
  });
});

describe('receipts when the store fails or hangs (real HTTP, both adapters)', () => {
  /** Mounts a Node middleware and a Fetch handler with these options; returns their paths. */
  function mount(name: string, options: Parameters<typeof receiptMiddleware>[0]): string[] {
    const edge = receiptFetchHandler(options);
    routes.set(`/${name}-node`, receiptMiddleware(options) as (req: IncomingMessage, res: ServerResponse) => void);
    routes.set(`/${name}-fetch`, (req, res) => void toRequest(req).then((request) => edge(request)).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    }));
    return [`/${name}-node`, `/${name}-fetch`];
  }
  /** A POST that gives up after `ms` rather than waiting for ever on a handler that never answers. */
  async function postWithin(path: string, payload: unknown, ms: number) {
    const response = await fetch(origin + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(payload), signal: AbortSignal.timeout(ms),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  }
  const ours = (calls: Array<{ arguments: unknown[] }>) => calls.map((call) => String(call.arguments[0])).filter((line) => line.startsWith('cookie-consent-element/server:'));

  it('answers 503 and logs a failing store once per distinct message, keeping the message off the wire', async (t) => {
    const errors = t.mock.method(console, 'error', () => {});
    let message = 'SQLITE_FULL: database or disk is full';
    const failing: ReceiptStore = { ...store, append: () => Promise.reject(new Error(message)) };
    // A store that throws instead of rejecting counts the same.
    const throwing: ReceiptStore = { ...store, append: () => { throw new Error('relation "consent_receipts" does not exist'); } };
    for (const path of mount('failing', { store: failing, rateLimit: false })) {
      errors.mock.resetCalls();
      message = 'SQLITE_FULL: database or disk is full';
      for (let i = 0; i < 3; i++) {
        const answer = await postWithin(path, body(), 5000);
        assert.equal(answer.status, 503, path);
        assert.equal(answer.retryAfter, '10', path);
        assert.doesNotMatch(answer.text, /SQLITE|disk/, path);
      }
      let logged = ours(errors.mock.calls);
      assert.equal(logged.length, 1, `${path}: ${logged.join(' | ')}`);
      assert.match(logged[0]!, /receipt could not be stored: SQLITE_FULL: database or disk is full/);
      // Another message is news: logged once too.
      message = 'password authentication failed for user "shop"';
      assert.equal((await postWithin(path, body(), 5000)).status, 503);
      assert.equal((await postWithin(path, body(), 5000)).status, 503);
      logged = ours(errors.mock.calls);
      assert.equal(logged.length, 2, `${path}: ${logged.join(' | ')}`);
      assert.match(logged[1]!, /password authentication failed/);
    }
    for (const path of mount('throwing', { store: throwing, rateLimit: false })) {
      errors.mock.resetCalls();
      assert.equal((await postWithin(path, body(), 5000)).status, 503, path);
      assert.equal((await postWithin(path, body(), 5000)).status, 503, path);
      assert.deepEqual(ours(errors.mock.calls).map((line) => /does not exist/.test(line)), [true], path);
    }
  });

  it('logs at most 20 distinct store messages an hour, so errors that name each receipt do not flood the log', async (t) => {
    const errors = t.mock.method(console, 'error', () => {});
    const naming: ReceiptStore = { ...store, append: (receipt) => Promise.reject(new Error(`cannot write receipt ${receipt.id}`)) };
    const [path] = mount('naming', { store: naming, rateLimit: false });
    for (let i = 0; i < 25; i++) assert.equal((await postWithin(path!, body(), 5000)).status, 503);
    assert.equal(ours(errors.mock.calls).length, 20);
  });

  it('answers 503 with Retry-After once storeTimeoutMs passes on a store that never answers, and logs it once', { timeout: 20_000 }, async (t) => {
    const errors = t.mock.method(console, 'error', () => {});
    const hanging: ReceiptStore = { ...store, append: () => new Promise<boolean>(() => {}) };
    for (const path of mount('hanging', { store: hanging, rateLimit: false, storeTimeoutMs: 300 })) {
      errors.mock.resetCalls();
      for (let i = 0; i < 2; i++) {
        const start = Date.now();
        const answer = await postWithin(path, body(), 5000);
        const took = Date.now() - start;
        assert.equal(answer.status, 503, path);
        assert.equal(answer.retryAfter, '10', path);
        assert.ok(took >= 290 && took < 3000, `${path}: answered after ${took} ms`);
      }
      const logged = ours(errors.mock.calls);
      assert.equal(logged.length, 1, `${path}: ${logged.join(' | ')}`);
      assert.match(logged[0]!, /did not answer within 300 ms/);
    }
  });

  it('a receipt stored after its timeout is answered 200 when the browser resends it (the stores ignore a known id)', { timeout: 20_000 }, async (t) => {
    t.mock.method(console, 'error', () => {});
    let slow = true;
    // The real SQLite store, slow once.
    const late: ReceiptStore = {
      ...store,
      append: async (receipt) => {
        if (slow) {
          slow = false;
          await new Promise((resolve) => setTimeout(resolve, 400));
        }
        return store.append(receipt);
      },
    };
    const [path] = mount('late', { store: late, rateLimit: false, storeTimeoutMs: 100 });
    const sent = body();
    assert.equal((await postWithin(path!, sent, 5000)).status, 503);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await store.find({ id: sent.id })).length, 1, 'the late append went through');
    assert.equal((await postWithin(path!, sent, 5000)).status, 200);
    assert.equal((await store.find({ id: sent.id })).length, 1);
  });

  it('warns once about a storeTimeoutMs that is not a number greater than 0, and uses the default', async (t) => {
    const warnings = t.mock.method(console, 'warn', () => {});
    for (const storeTimeoutMs of [0, -5, Number.NaN, '10s', '5000']) {
      const [path] = mount('bad-timeout', { store, rateLimit: false, storeTimeoutMs: storeTimeoutMs as number });
      assert.equal((await postWithin(path!, body(), 5000)).status, 201);
    }
    const logged = ours(warnings.mock.calls);
    assert.equal(logged.length, 1, logged.join(' | '));
    assert.match(logged[0]!, /storeTimeoutMs/);
  });
});

describe('receipts whose body does not all arrive', () => {
  it('Node: a declared Content-Length 100 with 6 bytes sent is answered 408 after bodyTimeoutMs, and the connection closed', { timeout: 20_000 }, async () => {
    routes.set('/slow-body', receiptMiddleware({ store, rateLimit: false, bodyTimeoutMs: 300 }) as (req: IncomingMessage, res: ServerResponse) => void);
    const { port } = server.address() as AddressInfo;
    /** One connection that sends 6 of its 100 bytes; resolves what came back once the server closed it. */
    const stalled = () => new Promise<{ text: string; took: number }>((resolve, reject) => {
      const start = Date.now();
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /slow-body HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`);
      });
      let text = '';
      socket.on('data', (chunk) => void (text += String(chunk)));
      socket.on('close', () => resolve({ text, took: Date.now() - start }));
      socket.on('error', reject);
      // Not Node's own limit (300 s): well before it, the handler must have let go.
      socket.setTimeout(5000, () => {
        socket.destroy();
        reject(new Error(`still open after 5 s; received ${JSON.stringify(text)}`));
      });
    });
    const answers = await Promise.all(Array.from({ length: 10 }, stalled));
    for (const { text, took } of answers) {
      assert.match(text, /^HTTP\/1\.1 408 /, text);
      assert.match(text, /did not arrive within 300 ms/);
      assert.ok(took >= 290 && took < 3000, `closed after ${took} ms`);
    }
  });

  it('Fetch: a body that never ends is answered 408 after bodyTimeoutMs, and its stream cancelled', { timeout: 20_000 }, async () => {
    const edge = receiptFetchHandler({ store, rateLimit: false, bodyTimeoutMs: 300 });
    let cancelled = false;
    const never = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"id":')),
      cancel: () => void (cancelled = true),
    });
    const request = new Request('https://shop.example/r', {
      method: 'POST', headers: { Origin: 'https://shop.example', 'Content-Type': 'application/json' }, body: never, duplex: 'half',
    } as RequestInit);
    const start = Date.now();
    const response = await Promise.race([
      edge(request),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer after 5 s')), 5000).unref()),
    ]);
    const took = Date.now() - start;
    assert.equal(response.status, 408);
    assert.deepEqual(await response.json(), { stored: false, error: 'the body did not arrive within 300 ms' });
    assert.ok(took >= 290 && took < 3000, `answered after ${took} ms`);
    assert.equal(cancelled, true, 'the body stream was not cancelled');
  });

  it('warns once about a bodyTimeoutMs that is not a number greater than 0, and uses the default', async (t) => {
    const warnings = t.mock.method(console, 'warn', () => {});
    for (const bodyTimeoutMs of [0, -5, '10s']) {
      const edge = receiptFetchHandler({ store, rateLimit: false, bodyTimeoutMs: bodyTimeoutMs as number });
      const response = await edge(new Request('https://shop.example/r', {
        method: 'POST', headers: { Origin: 'https://shop.example', 'Content-Type': 'application/json' }, body: JSON.stringify(body({ origin: 'https://shop.example' })),
      }));
      assert.equal(response.status, 201);
    }
    const logged = warnings.mock.calls.map((call) => String(call.arguments[0])).filter((line) => line.includes('bodyTimeoutMs'));
    assert.equal(logged.length, 1, logged.join(' | '));
  });
});

describe('receipts behind a body parser', () => {
  before(() => {
    const node = receiptMiddleware({ store, rateLimit: false });
    // Express 4's parsers (body-parser 1.x) set req.body = {} first, then skip a type they do not parse,
    // leaving the stream unread: a site with app.use(express.urlencoded()) in front of everything.
    routes.set('/after-skipping-parser', (req, res) => {
      (req as IncomingMessage & { body?: unknown }).body ??= {};
      void node(req, res);
    });
    routes.set('/after-json-parser', (req, res) => json()(req, res, () => void node(req, res)));
  });

  it('reads the stream when an earlier parser skipped the request, and the parsed body when one read it', async () => {
    for (const path of ['/after-skipping-parser', '/after-json-parser']) {
      const sent = body();
      assert.deepEqual(await post(path, sent), { status: 201, json: { stored: true } }, path);
      assert.equal((await store.find({ id: sent.id })).length, 1, path);
    }
  });
});

describe('receipts from a listed origin, in a real browser', () => {
  // A page on another origin (another port here, another subdomain on a site) that `origins` lists: the
  // browser sends a CORS preflight first, and shows the answer to the page only when it names the origin.
  let page: Server;
  let pageOrigin: string;
  before(async () => {
    page = createServer((_req, res) => res.end('<!doctype html><title>shop</title>'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    const fetchHandler = receiptFetchHandler({ store, rateLimit: false, origins: [pageOrigin] });
    routes.set('/cross-node', receiptMiddleware({ store, rateLimit: false, origins: [pageOrigin] }) as (req: IncomingMessage, res: ServerResponse) => void);
    routes.set('/cross-fetch', (req, res) => void toRequest(req).then((request) => fetchHandler(request)).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    }));
  });
  after(() => new Promise<void>((resolve) => page.close(() => resolve())));

  it('arrive: the preflight is answered and the answer is readable, so the browser stops resending', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    try {
      const tab = await browser.newPage();
      await tab.goto(pageOrigin);
      for (const path of ['/cross-node', '/cross-fetch']) {
        const sent = body({ origin: pageOrigin });
        // As the element sends a receipt (src/signals/receipts-sender.ts).
        const status = await tab.evaluate(([url, payload]) => fetch(url!, {
          method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: payload,
        }).then((response) => response.status, (error: Error) => error.message), [origin + path, JSON.stringify(sent)]);
        assert.equal(status, 201, path);
        assert.equal((await store.find({ id: sent.id })).length, 1, path);
      }
      // An origin that is not listed still gets no CORS answer.
      const preflight = await fetch(origin + '/cross-node', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    } finally {
      await browser.close();
    }
  });
});
