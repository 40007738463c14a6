// One Fetch API app that every runtime serves unchanged (bun.mjs, deno.mjs, node.mjs, workerd.capnp): it calls the
// published server helper, dist/server.js, on real requests and answers what it read, so that
// scripts/check-runtimes.mjs can compare each runtime's answers over HTTP with what Node gives.
import { guardResponse, hasConsent, readConsent, receiptFetchHandler } from '../../dist/server.js';

/** The guard's options, one object for the whole process, as the README asks. */
export const GUARD = { presets: ['ga4'], categories: { analytics: ['visits'], marketing: ['ads_*'] } };

/**
 * What the guarded route sets, in this order: a cookie of the analytics category, ga4's `_ga` (an
 * `Expires` date with a comma, which a runtime without `getSetCookie()` joins with `, ` too), a marketing
 * cookie, one no option names, and the deletion of a marketing cookie (which always passes).
 */
export const SET_COOKIES = [
  'visits=1; Path=/; SameSite=Lax; Max-Age=2592000',
  '_ga=GA1.1.42.1700000000; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; SameSite=Lax',
  'ads_id=7; Path=/; Expires=Thu, 01 Jan 2037 00:00:00 GMT',
  'session=abc; Path=/; HttpOnly',
  'ads_old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
];

/** A receipt store in memory, with the ReceiptStore methods (src/server/receipts/store.ts). */
function memoryStore() {
  const receipts = new Map();
  const matching = (filter = {}) => [...receipts.values()].filter((receipt) =>
    (filter.id === undefined || receipt.id === filter.id) && (filter.outcome === undefined || receipt.outcome === filter.outcome));
  return {
    async append(receipt) {
      if (receipts.has(receipt.id)) return false;
      receipts.set(receipt.id, receipt);
      return true;
    },
    find: async (filter) => matching(filter),
    async purge(before) {
      const old = [...receipts.values()].filter((receipt) => receipt.receivedAt < before);
      for (const receipt of old) receipts.delete(receipt.id);
      return old.length;
    },
    stats: async () => [],
    close: async () => {},
  };
}

const json = (value, init = {}) => new Response(JSON.stringify(value), { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

function runtime() {
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  return globalThis.navigator?.userAgent ?? 'unknown';
}

/** The app: `fetch(request)` as Workers, Deno and Bun call it. A fresh store for each app. */
export function createApp() {
  const store = memoryStore();
  const receipts = receiptFetchHandler({ store, rateLimit: false });
  return {
    async fetch(request) {
      const { pathname } = new URL(request.url);
      switch (pathname) {
        case '/':
          return new Response(runtime());
        case '/read':
          return json({
            cookie: request.headers.get('cookie'),
            consent: readConsent(request),
            analytics: hasConsent(request, 'analytics'),
            marketing: hasConsent(request, 'marketing'),
            ga4: hasConsent(request, 'ga4', { serviceCategories: { ga4: 'analytics' } }),
          });
        case '/guard': {
          const headers = new Headers({ 'Content-Type': 'text/plain; charset=utf-8' });
          for (const cookie of SET_COOKIES) headers.append('Set-Cookie', cookie);
          return guardResponse(request, new Response('the guarded body', { status: 202, headers }), GUARD);
        }
        case '/receipts':
          return receipts(request, '127.0.0.1');
        case '/stored':
          return json(await store.find({ id: new URL(request.url).searchParams.get('id') ?? undefined }));
        default:
          return new Response('not found', { status: 404 });
      }
    },
  };
}

export default createApp();
