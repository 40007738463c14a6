/**
 * guardResponse in Hono, served by @hono/node-server on 127.0.0.1 and asked by a real client: the
 * recipe of docs/cookie-guard.md (a middleware that replaces `c.res` after `next()`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { serve, type ServerType } from '@hono/node-server';
import { guardResponse } from '../../src/server/index.js';
import { ALL, VISITORS, assertKept, names, options } from './guard-fixtures.js';

describe('guardResponse in Hono', () => {
  let server: ServerType;
  let base = '';
  before(async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      const guarded = guardResponse(c.req.raw, c.res, options);
      // Hono copies the old response's Set-Cookie headers into one assigned over it: clear it first.
      c.res = undefined;
      c.res = guarded;
    });
    app.get('/header', (c) => {
      for (const cookie of ALL) c.header('Set-Cookie', cookie, { append: true });
      return c.text('ok', 201);
    });
    app.get('/set-cookie', (c) => {
      for (const cookie of ALL) {
        const [pair] = cookie.split(';');
        const eq = pair!.indexOf('=');
        const deleting = /Max-Age=0|Expires=Thu, 01 Jan 1970/.test(cookie);
        setCookie(c, pair!.slice(0, eq), pair!.slice(eq + 1), deleting ? { path: '/', maxAge: 0 } : { path: '/' });
      }
      return c.text('ok', 201);
    });
    app.get('/response', () => {
      const headers = new Headers();
      for (const cookie of ALL) headers.append('Set-Cookie', cookie);
      return new Response('ok', { status: 201, headers });
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  for (const path of ['/header', '/set-cookie', '/response']) {
    it(path === '/header' ? 'c.header(…, { append: true })' : path === '/set-cookie' ? 'setCookie() of hono/cookie' : 'a Response returned by the route', async () => {
      for (const visitor of VISITORS) {
        const response = await fetch(`${base}${path}`, { headers: visitor.headers });
        assert.equal(response.status, 201);
        assert.equal(await response.text(), 'ok');
        if (path === '/set-cookie') {
          // hono/cookie escapes values, so compare names only.
          assert.deepEqual(names(response), [...visitor.kept].sort(), `${path}: ${visitor.name}`);
        } else {
          assertKept(response, visitor.kept, `${path}: ${visitor.name}`);
        }
      }
    });
  }
});
