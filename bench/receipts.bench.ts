/**
 * `npm run bench:receipts`: receipts under load and faults, loopback only and bounded.
 *   1. 1,000 receipts/s for 30 s into SQLite (a real file) and into PostgreSQL (a throwaway durable
 *      server): accepted (201) must equal the count in the store; p50/p99 latency.
 *   2. two Node processes writing to one PostgreSQL at once.
 *   3. PostgreSQL restarted mid-run: every request is either stored (201) or refused with 503 (which the
 *      browser keeps and resends); none is answered 201 and missing.
 *   4. malformed, oversized and hostile bodies: all 4xx, nothing stored.
 * RATE and SECONDS (env) change the load.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { receiptMiddleware, type ReceiptStore } from '../src/server/index.js';
import { sqliteReceiptStore } from '../src/server/receipts/sqlite.js';
import { postgresReceiptStore } from '../src/server/receipts/postgres.js';
import { startPostgres } from '../test/server/throwaway-postgres.js';

const RATE = Number(process.env.RATE ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 30);

async function serve(store: ReceiptStore): Promise<{ server: Server; url: string }> {
  const handle = receiptMiddleware({ store, rateLimit: false });
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts` };
}

let seq = 0;
const prefix = `${process.pid}x`;
function receipt(url: string): string {
  return JSON.stringify({
    id: `${prefix}${++seq}`, timestamp: Date.now(), revision: 1, source: seq % 3 ? 'banner' : 'preferences',
    categories: { necessary: true, analytics: seq % 2 === 0, marketing: seq % 5 === 0 },
    language: 'en', textsHash: 'c'.repeat(64), version: '0.1.0', origin: new URL(url).origin, path: '/',
  });
}

/** Sends `rate` receipts/s for `seconds`; counts the answers by status and times each request. */
async function load(url: string, rate: number, seconds: number, during?: (second: number) => void) {
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  const origin = new URL(url).origin;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let tick = 0; tick < seconds * 100; tick++) {
    // Ten-millisecond ticks, each sending its share, on schedule however slow the answers are.
    const due = start + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (tick % 100 === 0) during?.(tick / 100);
    for (let i = Math.floor((rate * tick) / 100); i < Math.floor((rate * (tick + 1)) / 100); i++) {
      const sent = performance.now();
      inflight.push(fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: receipt(url) })
        .then(async (response) => {
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          latencies.push(performance.now() - sent);
        }, () => void (statuses[0] = (statuses[0] ?? 0) + 1)));
    }
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  return { statuses, sent: inflight.length, p50: at(0.5), p99: at(0.99), elapsed: ((performance.now() - start) / 1000).toFixed(1) };
}

const count = async (store: ReceiptStore) => (await store.stats()).reduce((sum, row) => sum + row.count, 0);

function report(name: string, result: Awaited<ReturnType<typeof load>>, stored: number, before = 0): boolean {
  const accepted = result.statuses[201] ?? 0;
  const ok = stored - before === accepted;
  console.log(`${name}: sent ${result.sent} in ${result.elapsed} s, answers ${JSON.stringify(result.statuses)}, ` +
    `stored ${stored - before}, p50 ${result.p50} ms, p99 ${result.p99} ms: ${ok ? 'none lost' : 'LOST ' + (accepted - stored + before)}`);
  return ok;
}

// A worker: its own server (another process), writing to the database given.
if (process.argv[2] === '--worker') {
  const store = await postgresReceiptStore(process.argv[3]!);
  const { server, url } = await serve(store);
  const result = await load(url, RATE / 2, Math.min(SECONDS, 10));
  process.stdout.write(JSON.stringify(result));
  server.close();
  await store.close();
  process.exit(0);
}

let ok = true;
const tmp = mkdtempSync(join(tmpdir(), 'cc-receipts-bench-'));
const postgres = await startPostgres({ durable: true });
// Stopped early (Ctrl-C, a timeout): the throwaway server goes too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    postgres.destroy();
    process.exit(130);
  });
}
try {
  console.log(`receipts bench: ${RATE}/s for ${SECONDS} s per store, Node ${process.version}, loopback`);
  for (const [name, open] of [
    ['SQLite (WAL, synchronous=FULL)', () => sqliteReceiptStore(join(tmp, 'bench.sqlite'))],
    ['PostgreSQL (fsync on)', () => postgresReceiptStore(postgres.url, { max: 20 })],
  ] as const) {
    const store = await open();
    const { server, url } = await serve(store);
    ok = report(name, await load(url, RATE, SECONDS), await count(store)) && ok;
    server.close();
    await store.close();
  }

  const store = await postgresReceiptStore(postgres.url);
  let before = await count(store);
  const self = fileURLToPath(import.meta.url);
  const workers = await Promise.all([0, 1].map(() => new Promise<Awaited<ReturnType<typeof load>>>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--worker', postgres.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  })));
  const both = workers.reduce((sum, w) => {
    const statuses = { ...sum.statuses };
    for (const [status, n] of Object.entries(w.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
    return { ...sum, sent: sum.sent + w.sent, statuses };
  });
  ok = report(`two processes, one PostgreSQL (${RATE / 2}/s each, p50/p99 of the first)`, both, await count(store), before) && ok;

  before = await count(store);
  const { server, url } = await serve(store);
  const restart = await load(url, RATE / 2, 10, (second) => second === 3 && postgres.restart());
  ok = report(`PostgreSQL restarted at 3 s (${RATE / 2}/s for 10 s; 503 = refused, kept by the browser)`, restart, await count(store), before) && ok;

  before = await count(store);
  const origin = new URL(url).origin;
  const bad: Array<[string, Record<string, string>?]> = [
    ['{'], ['[]'], ['"x"'], ['{"id":"a","timestamp":1,"revision":0,"source":"api","categories":{"__proto__":true,"necessary":true}}'],
    [JSON.stringify({ id: "1'; DROP TABLE consent_receipts;--", timestamp: 1, revision: 0, source: 'api', categories: { necessary: true } })],
    ['x'.repeat(1_000_000)], [receipt(url), { 'Content-Type': 'text/plain' }], [receipt(url), { Origin: 'https://evil.example' }],
  ];
  const answers = await Promise.all(bad.map(([body, headers]) => fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, ...headers }, body,
  }).then((response) => response.status)));
  const stored = (await count(store)) - before;
  const rejected = answers.every((status) => status >= 400 && status < 500) && stored === 0;
  console.log(`hostile bodies: answers ${answers.join(' ')}, stored ${stored}: ${rejected ? 'all rejected' : 'FAILED'}`);
  ok &&= rejected;
  server.close();
  await store.close();
} finally {
  postgres.destroy();
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
