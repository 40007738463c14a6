// The demo shop: a small real site that uses <cookie-consent> the way a site owner would.
//
//   npm start                 builds the package, then runs this file
//   PORT=3000 npm start       another port (when the port is busy, a free one is picked)
//
// It reads consent on the server with the BUILT helper (`cookie-consent-element/server`, which
// resolves to dist/server.js through the package's own `exports`), serves the built widget from
// dist/, and logs every request, so a visitor can watch what loads before and after a choice.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { consentMiddleware, cookieGuard, hasConsent, readConsent, receiptMiddleware, receiptStats, verifyReceipt } from 'cookie-consent-element/server';
import { sqliteReceiptStore } from 'cookie-consent-element/server/receipts/sqlite';
import { renderMap, renderPrivacy, renderShop, renderStats, renderVideo } from './pages.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = join(root, '..', 'dist');
const assets = join(root, 'public');

/** What the shop sells. Prices in cents. */
export const PRODUCTS = {
  tee: { name: { en: 'T-shirt', de: 'T-Shirt' }, price: 1900 },
  mug: { name: { en: 'Mug', de: 'Tasse' }, price: 1200 },
  sticker: { name: { en: 'Sticker pack', de: 'Sticker-Set' }, price: 400 },
};

/** Resources that need consent: the log shows the visitor whether the browser asked for them. */
const TRACKED = new Map([
  ['/analytics.js', 'analytics'],
  ['/pixel.gif', 'marketing'],
  ['/embed/video.html', 'marketing'],
  ['/embed/map.html', 'marketing'],
]);

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// A 1×1 transparent GIF: what a marketing pixel really is.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The same rules the pages' <cookie-consent> applies (its defaults), so the server and the banner agree. */
const CONSENT = { cookieName: 'cookie_consent', revision: 0, expiresDays: 182 };

const VISITS_COOKIE = 'srv_visits';
const MAX_CART = 20;
const MAX_VISITORS = 1000;
const MAX_LOG = 100;

/**
 * Starts the demo. Resolves once it listens.
 * @param {{ port?: number, host?: string, log?: (line: string) => void }} [options]
 *   `port` 0 picks a free port; when the port is busy, a free one is used instead.
 * @returns {Promise<{ url: string, port: number, requests: (visitor: string) => object[], close: () => Promise<void> }>}
 */
export async function startDemo({ port = 8080, host = '127.0.0.1', log = console.log, receiptsDb = process.env.RECEIPTS_DB ?? join(tmpdir(), 'cookie-consent-demo-receipts.sqlite') } = {}) {
  /** visitor id → the consent-relevant requests made with it, oldest first. */
  const visitors = new Map();
  const middleware = consentMiddleware(CONSENT);
  // The server's last line of defence: whatever a handler sets, a cookie of a category or service the
  // visitor's decision does not grant never leaves (deletions pass). The same lists as the pages' element.
  const guard = cookieGuard({ ...CONSENT, categories: { analytics: ['_demo_analytics', VISITS_COOKIE] }, presets: ['matomo', 'youtube', 'google-maps'] });
  // Proof of consent: the element posts a receipt of each decision to /consent-receipts; they go to SQLite.
  const receipts = await sqliteReceiptStore(receiptsDb);
  const receive = receiptMiddleware({ store: receipts });

  const record = (visitor, entry) => {
    if (!visitors.has(visitor)) {
      if (visitors.size >= MAX_VISITORS) visitors.delete(visitors.keys().next().value);
      visitors.set(visitor, []);
    }
    const entries = visitors.get(visitor);
    entries.push(entry);
    if (entries.length > MAX_LOG) entries.shift();
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const path = url.pathname;
    const cookies = parseCookies(req.headers.cookie);
    // A session id, strictly necessary: it keys the cart log below and nothing else.
    let visitor = cookies.demo_sid;
    if (!visitor || !/^[a-f0-9]{16}$/.test(visitor)) {
      visitor = randomBytes(8).toString('hex');
      appendCookie(res, `demo_sid=${visitor}; HttpOnly; SameSite=Lax; Path=/`);
    }
    res.on('finish', () => {
      const category = TRACKED.get(path);
      if (category) record(visitor, { path, category, time: Date.now() });
      log(`${req.method} ${req.url} ${res.statusCode}${category ? `  ← needs ${category} consent (visitor ${visitor.slice(0, 6)})` : ''}`);
    });

    try {
      guard(req, res, () => {});
      await route(req, res, { url, path, cookies, visitor, visitors, middleware, receipts, receive });
    } catch (error) {
      log(`error: ${error?.stack ?? error}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    }
  });

  const actual = await listen(server, port, host, log);
  const url = `http://${host}:${actual}`;
  return {
    url,
    port: actual,
    requests: (visitor) => [...(visitors.get(visitor) ?? [])],
    close: () =>
      new Promise((resolve) => {
        server.close(() => void receipts.close().then(resolve));
        server.closeAllConnections();
      }),
  };
}

async function route(req, res, { url, path, cookies, visitor, visitors, middleware, receipts, receive }) {
  const method = req.method ?? 'GET';

  if (path === '/' || path === '/de' || path === '/csp') {
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    const lang = path === '/de' ? 'de' : 'en';
    const nonce = path === '/csp' ? randomBytes(16).toString('base64') : undefined;
    if (nonce) {
      // Fresh per response. Nothing inline runs or styles without the nonce.
      res.setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self'; ` +
          `frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'`,
      );
    }
    const server = whatTheServerKnows(req, res, cookies);
    return send(res, 200, TYPES['.html'], renderShop({ lang, path, nonce, server, cart: readCart(cookies), products: PRODUCTS }));
  }

  if (path === '/privacy' || path === '/de/privacy') return send(res, 200, TYPES['.html'], renderPrivacy(path === '/de/privacy' ? 'de' : 'en'));

  if (path === '/cart') {
    if (method === 'POST') return addToCart(req, res, cookies);
    return sendJson(res, 200, cartView(readCart(cookies), url.searchParams.get('lang') === 'de' ? 'de' : 'en'));
  }

  // Connect-style use of the helper: the middleware sets req.consent.
  if (path === '/consent') {
    return middleware(req, res, () => sendJson(res, 200, { consent: req.consent ?? null }));
  }

  // Receipts: received here, checked against the visitor's cookie on /receipt, counted on /stats.
  if (path === '/consent-receipts') return receive(req, res);
  if (path === '/receipt') {
    const { matches, receipt, problems } = await verifyReceipt(receipts, req.headers.cookie ?? '', { cookieName: CONSENT.cookieName });
    return sendJson(res, 200, { matches, receipt, problems });
  }
  if (path === '/stats') return send(res, 200, TYPES['.html'], renderStats(await receiptStats(receipts)));

  if (path === '/requests') {
    return sendJson(res, 200, { visitor: visitor.slice(0, 6), requests: visitors.get(visitor) ?? [] });
  }

  if (path === '/pixel.gif') {
    res.setHeader('Cache-Control', 'no-store');
    return send(res, 200, 'image/gif', PIXEL);
  }

  if (path === '/embed/map.html') {
    res.setHeader('Cache-Control', 'no-store');
    return send(res, 200, TYPES['.html'], renderMap());
  }
  if (path === '/embed/video.html') {
    res.setHeader('Cache-Control', 'no-store');
    return send(res, 200, TYPES['.html'], renderVideo(url.searchParams.get('lang') === 'de' ? 'de' : 'en'));
  }

  // Static files: the demo's own, then the built package.
  if (path === '/favicon.ico') return send(res, 200, TYPES['.svg'], await readFile(join(assets, 'favicon.svg')));
  const file = (await readInside(assets, path)) ?? (await readInside(dist, path));
  if (file) {
    // Tracked files must hit the server each time, or the request log would lie.
    res.setHeader('Cache-Control', TRACKED.has(path) ? 'no-store' : 'no-cache');
    // Like a server-side analytics endpoint, it sets the id cookie itself too, without asking: the guard
    // drops that Set-Cookie for a visitor who has not granted analytics (a direct request, a stale page).
    if (path === '/analytics.js') {
      appendCookie(res, `_demo_analytics=${cookies._demo_analytics ?? randomBytes(5).toString('hex')}; SameSite=Lax; Path=/; Max-Age=${60 * 60 * 24 * 30}`);
    }
    return send(res, 200, TYPES[extname(path)] ?? 'application/octet-stream', file);
  }
  if (path.endsWith('.iife.js') || path.startsWith('/lang/')) {
    return send(res, 404, 'text/plain; charset=utf-8', `${path} is not built yet: run "npm run build".`);
  }
  return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
}

/**
 * The server's side of the consent: the same cookie the banner wrote, read with the helper.
 * The server's own analytics cookie is set only with analytics consent, and removed without it.
 */
function whatTheServerKnows(req, res, cookies) {
  const consent = readConsent(req, CONSENT);
  const analytics = hasConsent(req, 'analytics', CONSENT);
  let visits = 0;
  let removed = false;
  if (analytics) {
    visits = (Number.parseInt(cookies[VISITS_COOKIE] ?? '0', 10) || 0) + 1;
    appendCookie(res, `${VISITS_COOKIE}=${visits}; SameSite=Lax; Path=/; Max-Age=${60 * 60 * 24 * 30}`);
  } else if (cookies[VISITS_COOKIE] !== undefined) {
    removed = true;
    appendCookie(res, `${VISITS_COOKIE}=; SameSite=Lax; Path=/; Max-Age=0`);
    // The analytics script's own cookie goes as well: consent was withdrawn or never given.
  }
  if (!analytics && cookies._demo_analytics !== undefined) {
    appendCookie(res, `_demo_analytics=; SameSite=Lax; Path=/; Max-Age=0`);
  }
  return { consent, analytics, marketing: hasConsent(req, 'marketing', CONSENT), visits, removed, gpc: req.headers['sec-gpc'] === '1' };
}

async function addToCart(req, res, cookies) {
  const body = await readBody(req, 1024);
  let item;
  let lang;
  if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      ({ item, lang } = JSON.parse(body) ?? {});
    } catch {
      item = undefined;
    }
  } else {
    item = new URLSearchParams(body).get('item');
  }
  if (typeof item !== 'string' || !Object.hasOwn(PRODUCTS, item)) {
    return sendJson(res, 400, { error: 'unknown item' });
  }
  const cart = readCart(cookies);
  if (cart.length >= MAX_CART) return sendJson(res, 409, { error: 'cart is full' });
  cart.push(item);
  // Strictly necessary: the visitor asked for it, so it needs no consent and is set whatever they chose.
  appendCookie(res, `cart=${cart.join('.')}; HttpOnly; SameSite=Lax; Path=/`);
  if (req.headers.accept?.includes('application/json')) return sendJson(res, 200, cartView(cart, lang === 'de' ? 'de' : 'en'));
  // A plain form post (no JavaScript): back to the page it came from.
  const back = safeBack(req.headers.referer);
  res.statusCode = 303;
  res.setHeader('Location', back);
  res.end();
}

function readCart(cookies) {
  const value = cookies.cart ?? '';
  return value
    .split('.')
    .filter((item) => Object.hasOwn(PRODUCTS, item))
    .slice(0, MAX_CART);
}

function cartView(cart, lang) {
  const counts = new Map();
  for (const item of cart) counts.set(item, (counts.get(item) ?? 0) + 1);
  const items = [...counts].map(([id, qty]) => ({ id, name: PRODUCTS[id].name[lang], price: PRODUCTS[id].price, qty }));
  return { items, count: cart.length, total: items.reduce((sum, item) => sum + item.price * item.qty, 0) };
}

function safeBack(referer) {
  try {
    const path = new URL(referer ?? '/').pathname;
    return ['/', '/de', '/csp'].includes(path) ? path : '/';
  } catch {
    return '/';
  }
}

/** A forgiving `Cookie` header parser for the demo's own cookies (the consent cookie goes through the helper). */
function parseCookies(header) {
  const cookies = Object.create(null);
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    if (name && !(name in cookies)) cookies[name] = pair.slice(eq + 1).trim();
  }
  return cookies;
}

function appendCookie(res, cookie) {
  const current = res.getHeader('Set-Cookie');
  res.setHeader('Set-Cookie', current === undefined ? [cookie] : [...[current].flat(), cookie]);
}

function send(res, status, type, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

function sendJson(res, status, value) {
  send(res, status, TYPES['.json'], JSON.stringify(value));
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Reads `path` below `base`, or `null` when it is not a file there (no `..` escapes). */
async function readInside(base, path) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base + sep) || file.includes(`${sep}types${sep}`)) return null;
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

function listen(server, port, host, log) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        log(`Port ${port} is busy; using a free port instead.`);
        server.listen(0, host);
        return;
      }
      reject(error);
    };
    server.on('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
    server.listen(port, host);
  });
}

// Run directly (`node demo/server.mjs`, as `npm start` does): start, print the URL, stop on Ctrl-C.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  let demo;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo.`);
    await demo?.close();
    process.exit(0);
  };
  // Listening for the signals before anything is printed: a supervisor may send one as soon as it sees the URL.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const requested = Number.parseInt(process.env.PORT ?? '8080', 10);
  demo = await startDemo({ port: Number.isInteger(requested) && requested >= 0 ? requested : 8080 });
  if (stopping) await demo.close();
  else {
    console.log(`\nDemo shop: ${demo.url}/   (German: ${demo.url}/de, strict CSP: ${demo.url}/csp)`);
    console.log('Press Ctrl-C to stop.\n');
  }
}
