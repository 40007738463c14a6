/**
 * cookieGuard on real Node servers (node:http, Express 5), asked by a real client (fetch over HTTP):
 * every way a Node response sets its headers, for every kind of visitor.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { consentMiddleware, cookieGuard } from '../../src/server/index.js';
import { ALL, DELETIONS, SET_COOKIES, VISITORS, assertKept, names, options, warnings } from './guard-fixtures.js';

const cookies = Object.values(SET_COOKIES);
const deletions = Object.values(DELETIONS);

/** Each way a node:http handler can set the site's cookies. */
const WAYS: Record<string, (res: ServerResponse) => void> = {
  'setHeader with an array': (res) => {
    res.setHeader('Set-Cookie', ALL);
    res.end('ok');
  },
  'setHeader with a string, called again for each cookie (the last one counts, as without the guard)': (res) => {
    for (const cookie of ALL) res.setHeader('set-cookie', cookie);
    res.setHeader('Set-Cookie', ALL);
    res.end('ok');
  },
  'appendHeader, one call per cookie': (res) => {
    for (const cookie of ALL) res.appendHeader('Set-Cookie', cookie);
    res.end('ok');
  },
  'appendHeader with arrays, several calls': (res) => {
    res.appendHeader('set-cookie', cookies.slice(0, 4));
    res.appendHeader('SET-COOKIE', [...cookies.slice(4), ...deletions]);
    res.end('ok');
  },
  'writeHead with a headers object': (res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': ALL });
    res.end('ok');
  },
  'writeHead with a status message and a headers object': (res) => {
    res.writeHead(200, 'Fine', { 'set-cookie': ALL });
    res.end('ok');
  },
  'writeHead with a raw array': (res) => {
    const raw: string[] = ['Content-Type', 'text/plain'];
    for (const cookie of ALL) raw.push('Set-Cookie', cookie);
    res.writeHead(200, raw);
    res.end('ok');
  },
  // After setHeader, Node takes writeHead's headers one by one through setHeader/appendHeader, and
  // they replace what was set before (as they do without the guard).
  'setHeader, then writeHead with a headers object (Node\'s slow path)': (res) => {
    res.setHeader('Set-Cookie', ['ads_replaced=1']);
    res.setHeader('X-Before', '1');
    res.writeHead(200, { 'Set-Cookie': ALL });
    res.end('ok');
  },
  // (Node 20 then keeps only the last Set-Cookie pair of a raw array, guard or not: so one pair, all cookies.)
  'appendHeader, then writeHead with a raw array (Node\'s slow path)': (res) => {
    res.appendHeader('Set-Cookie', cookies.slice(0, 5));
    res.writeHead(200, ['X-Raw', '1', 'Set-Cookie', ALL]);
    res.end('ok');
  },
  'setHeader, then writeHead with other headers only': (res) => {
    res.setHeader('Set-Cookie', cookies.slice(0, 5));
    res.appendHeader('Set-Cookie', [...cookies.slice(5), ...deletions]);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  },
  'setHeaders with a Headers object': (res) => {
    const headers = new Headers();
    for (const cookie of ALL) headers.append('set-cookie', cookie);
    res.setHeaders(headers);
    res.end('ok');
  },
  'setHeader, then an implicit head from write()': (res) => {
    res.setHeader('Set-Cookie', ALL);
    res.write('o');
    res.end('k');
  },
};

/** Starts `handler` on a free port of 127.0.0.1; returns its base URL. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('cookieGuard on node:http', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const guard = cookieGuard(options);
    ({ server, base } = await listen((req, res) => guard(req, res, () => WAYS[decodeURIComponent(req.url!.slice(1))]!(res))));
  });
  after(() => server.close());

  for (const way of Object.keys(WAYS)) {
    it(way, async () => {
      for (const visitor of VISITORS) {
        const response = await fetch(`${base}/${encodeURIComponent(way)}`, { headers: visitor.headers });
        assert.equal(response.status, 200);
        assert.equal(await response.text(), 'ok');
        assertKept(response, visitor.kept, `${way}: ${visitor.name}`);
      }
    });
  }

  it('keeps the caller\'s headers object and array unchanged', async () => {
    const object = { 'Set-Cookie': ALL };
    const raw = ALL.flatMap((cookie) => ['Set-Cookie', cookie]);
    const guard = cookieGuard(options);
    const { server: other, base: url } = await listen((req, res) => guard(req, res, () => {
      if (req.url === '/object') res.writeHead(200, object);
      else res.writeHead(200, raw);
      res.end();
    }));
    try {
      assert.deepEqual(names(await fetch(`${url}/object`)), [...VISITORS[0]!.kept].sort());
      assert.deepEqual(names(await fetch(`${url}/raw`)), [...VISITORS[0]!.kept].sort());
      assert.deepEqual(object, { 'Set-Cookie': ALL });
      assert.equal(raw.length, ALL.length * 2);
    } finally {
      other.close();
    }
  });

  it('filters cookies set while the head is written, by a writeHead wrapper installed before the guard (on-headers, as express-session uses)', async () => {
    const guard = cookieGuard(options);
    const { server: other, base: url } = await listen((req, res) => {
      // Such a wrapper sets its cookies when the head goes out, after the guard's writeHead has looked.
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        if (req.url === '/set') this.setHeader('Set-Cookie', ALL);
        else for (const cookie of ALL) this.appendHeader('Set-Cookie', cookie);
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as typeof res.writeHead;
      guard(req, res, () => res.end('ok'));
    });
    try {
      for (const path of ['/set', '/append']) {
        for (const visitor of VISITORS) assertKept(await fetch(`${url}${path}`, { headers: visitor.headers }), visitor.kept, `${path}: ${visitor.name}`);
      }
    } finally {
      other.close();
    }
  });

  it('filters cookies set before the guard ran (by an earlier middleware)', async () => {
    const guard = cookieGuard(options);
    const { server: other, base: url } = await listen((req, res) => {
      res.setHeader('Set-Cookie', ALL);
      guard(req, res, () => res.end('ok'));
    });
    try {
      for (const visitor of VISITORS) assertKept(await fetch(url, { headers: visitor.headers }), visitor.kept, visitor.name);
    } finally {
      other.close();
    }
  });

  it('warns once per dropped cookie name, over many requests and ways', async () => {
    const guard = cookieGuard({ categories: { marketing: ['nodewarn_*'] }, services: { pixel: ['px_node'] } });
    const { server: other, base: url } = await listen((req, res) => guard(req, res, () => {
      res.setHeader('Set-Cookie', ['nodewarn_a=1', 'px_node=1']);
      res.appendHeader('Set-Cookie', 'nodewarn_b=1');
      res.writeHead(200, { 'Set-Cookie': 'nodewarn_a=2' });
      res.end();
    }));
    try {
      const messages = await warnings(async () => {
        for (let i = 0; i < 4; i++) assert.deepEqual(names(await fetch(url)), []);
      });
      assert.equal(messages.length, 3, messages.join('\n'));
      assert.match(messages.join('\n'), /"nodewarn_a".*category "marketing"/);
      assert.match(messages.join('\n'), /"nodewarn_b".*category "marketing"/);
      assert.match(messages.join('\n'), /"px_node".*service "pixel"/);
    } finally {
      other.close();
    }
  });

  it('calls next once, and never throws, whatever it is given', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); }, set: () => { throw new Error('no'); } });
    for (const [req, res] of [[{}, {}], [null, null], [hostile, hostile], [{ headers: {} }, Object.freeze({ writeHead() {} })], [{ headers: {} }, 42]]) {
      let calls = 0;
      assert.doesNotThrow(() => cookieGuard(options)(req as never, res, () => calls++));
      assert.equal(calls, 1);
    }
    assert.doesNotThrow(() => cookieGuard(hostile as never)({ headers: {} }, {}, () => {}));
  });
});

describe('cookieGuard in Express 5', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const app = express();
    app.use(consentMiddleware(options));
    app.use(cookieGuard(options));
    app.get('/cookie', (_req, res) => {
      // res.cookie() for each, as an Express app sets cookies; the pair keeps its bytes (no encoding needed).
      for (const cookie of cookies) {
        const [pair] = cookie.split(';');
        const eq = pair!.indexOf('=');
        res.cookie(pair!.slice(0, eq), pair!.slice(eq + 1), { encode: String, path: '/' });
      }
      res.cookie('ads_old', '', { maxAge: 0 });
      res.cookie('ab_old', 'gone', { expires: new Date(0) });
      res.send('ok');
    });
    app.get('/append', (_req, res) => {
      res.append('Set-Cookie', cookies.slice(0, 3));
      for (const cookie of [...cookies.slice(3), ...deletions]) res.append('Set-Cookie', cookie);
      res.status(200).send('ok');
    });
    app.get('/set', (_req, res) => {
      res.set('Set-Cookie', ALL).send('ok');
    });
    app.get('/consent', (req, res) => {
      // The guard and consentMiddleware read the same decision.
      res.cookie('visits', '1').json({ analytics: (req as unknown as { consent: { categories: Record<string, boolean> } | null }).consent?.categories.analytics ?? null });
    });
    ({ server } = { server: app.listen(0, '127.0.0.1') });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  for (const path of ['/cookie', '/append', '/set']) {
    it(`res.${path.slice(1)}()`, async () => {
      for (const visitor of VISITORS) {
        const response = await fetch(`${base}${path}`, { headers: visitor.headers });
        assert.equal(response.status, 200);
        assert.equal(await response.text(), 'ok');
        assertKept(response, visitor.kept, `${path}: ${visitor.name}`);
      }
    });
  }

  it('agrees with consentMiddleware', async () => {
    for (const visitor of VISITORS) {
      const response = await fetch(`${base}/consent`, { headers: visitor.headers });
      const { analytics } = await response.json() as { analytics: boolean | null };
      assert.equal(names(response).includes('visits'), analytics === true, visitor.name);
    }
  });
});
