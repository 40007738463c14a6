// `npm run test:runtimes`: the server helper, dist/server.js, in Bun, Deno and workerd (the Cloudflare
// Workers runtime), over real HTTP. Each runtime found serves test/runtimes/app.mjs on a free port; this
// script sends it requests (node:http, a raw node:net request with two `Cookie:` lines, and HTTP/2 cookie
// crumbs where the runtime speaks h2c) and asserts the answers are what Node gives: Node serves the same app
// first (through @hono/node-server), held to the same checks. (Two `Cookie:` lines that a runtime joins with
// `, ` are held to what the helper must read then: no decision; see twoLines.) Not part of `npm test`: a machine has none of
// these runtimes unless someone installs them.
//
// A runtime is looked for at $BUN_PATH, $DENO_PATH, $WORKERD_PATH, else as bun, deno, workerd on PATH.
// Exits 1 when a runtime found fails, or when none is found (`--allow-none` lets that pass).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;

/** Node first, the baseline the others are held to; it always runs and is not one of the runtimes found. */
const NODE = { name: 'node', args: (port) => ['test/runtimes/node.mjs', String(port)] };
const RUNTIMES = [
  { name: 'bun', env: 'BUN_PATH', args: (port) => ['test/runtimes/bun.mjs', String(port)] },
  { name: 'deno', env: 'DENO_PATH', args: (port) => ['run', '--allow-net=127.0.0.1', '--no-prompt', 'test/runtimes/deno.mjs', String(port)] },
  { name: 'workerd', env: 'WORKERD_PATH', args: (port) => ['serve', 'test/runtimes/workerd.capnp', '--socket-addr', `http=127.0.0.1:${port}`] },
];

/** The newest modification time of the files below `folder`. */
function newest(folder) {
  return Math.max(...readdirSync(folder, { withFileTypes: true }).map((entry) =>
    entry.isDirectory() ? newest(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs));
}

/** The binary for a runtime: `{ bin }`, `{ missing: true }`, or `{ error }` when its variable names no program. */
function locate({ name, env }) {
  const executable = (file) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  const given = process.env[env];
  if (given) return executable(given) ? { bin: given } : { error: `${env}=${given} is not an executable file` };
  const bin = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((folder) => join(folder, name)).find(executable);
  return bin ? { bin } : { missing: true };
}

const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer().once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** One request over HTTP/1.1, a connection of its own: status, headers and body as text. */
function request(port, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A request written byte for byte on a socket, so that it can carry two `Cookie:` lines (Node's client
 * would join them): the answer's status and body (Content-Length or chunked).
 */
function raw(port, lines) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request: no answer within 5 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      let body = text.slice(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) {
        let plain = '';
        for (let at = 0; ;) {
          const eol = body.indexOf('\r\n', at);
          const size = parseInt(body.slice(at, eol), 16);
          if (!size) break;
          plain += body.slice(eol + 2, eol + 2 + size);
          at = eol + 2 + size + 2;
        }
        body = plain;
      }
      resolve({ status: Number(head.split(' ')[1]), body });
    });
    socket.write([...lines, `Host: 127.0.0.1:${port}`, 'Connection: close', '', ''].join('\r\n'));
  });
}

/** An HTTP/2 request without TLS (h2c, prior knowledge); `null` when the runtime does not speak it. */
function h2(port, headers) {
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const give = (value) => {
      clearTimeout(timer);
      session.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => give(null), 1500);
    session.on('error', () => give(null));
    const stream = session.request({ ':path': '/read', ...headers });
    stream.on('error', () => give(null));
    stream.on('response', (head) => {
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => give({ status: head[':status'], body: text }));
    });
    stream.end();
  });
}

/** The cookie values and receipts, made by the element's own encoder (src/consent), as the Node tests make them. */
const { createConsent, decodeConsent, encodeConsent } = await tsImport('../src/consent/index.ts', import.meta.url);
const made = (services) => encodeConsent(createConsent(['analytics'], ['marketing'], 0, 'banner', Date.now() - DAY, undefined, services));
const V1 = made();
const V2 = made({ ga4: false }); // analytics granted, its service ga4 refused
const asJson = (value) => JSON.parse(JSON.stringify(value));

/** What `/read` must answer for a request carrying the decision `value` (or none). */
function readsDecision(answer, value, via) {
  assert.equal(answer.status, 200, via);
  const read = JSON.parse(answer.body);
  assert.deepEqual(read.consent, asJson(decodeConsent(value)), `${via}: readConsent of the Cookie header ${JSON.stringify(read.cookie)}`);
  assert.deepEqual([read.analytics, read.marketing], [true, false], `${via}: hasConsent analytics, marketing`);
}

/**
 * A request with two `Cookie:` lines, which no browser sends (RFC 6265 §5.4: one line; HTTP/2's cookie crumbs
 * are joined with `; `, RFC 9113 §8.2.3). A runtime that joins them with `; ` must hand the helper the decision.
 * One that joins them with `, `, as other repeated fields are (workerd does), gives it a header whose `,` the
 * helper does not split on, by design: a cookie's value may hold `, name=value`, so splitting there would let a
 * cookie that any subdomain can set carry a forged `__Host-` consent cookie. That must read as no decision.
 */
function twoLines(answer, lines) {
  const { cookie, consent } = JSON.parse(answer.body);
  if (cookie === lines.join(', ')) {
    assert.equal(consent, null, `a header joined with ", " must read as no decision: ${JSON.stringify(cookie)}`);
    return 'joined with ", ", read as no decision, by design';
  }
  assert.equal(cookie, lines.join('; '), 'the two lines, joined');
  readsDecision(answer, V1, 'two Cookie lines');
}

/** The checks, each `[name, async (port) => …]`; one that answers a string was skipped or differs by design, as it says. */
const CHECKS = [
  ['no cookie reads as no decision', async (port) => {
    const read = JSON.parse((await request(port, '/read')).body);
    assert.deepEqual([read.consent, read.analytics, read.marketing, read.ga4], [null, false, false, false]);
  }],
  ['Sec-GPC: 1 without a cookie reads as a refusal', async (port) => {
    const { consent, analytics } = JSON.parse((await request(port, '/read', { headers: { 'Sec-GPC': '1' } })).body);
    assert.equal(analytics, false);
    assert.deepEqual({ ...consent, timestamp: 0 }, { categories: { necessary: true }, revision: 0, timestamp: 0, id: '', source: 'gpc' });
  }],
  ['a decision in the Cookie header wins over Sec-GPC', async (port) => {
    readsDecision(await request(port, '/read', { headers: { Cookie: `other=1; cookie_consent=${V1}`, 'Sec-GPC': '1' } }), V1, 'one Cookie header');
  }],
  ['a service refused in a version-2 decision', async (port) => {
    const read = JSON.parse((await request(port, '/read', { headers: { Cookie: `cookie_consent=${V2}` } })).body);
    assert.deepEqual([read.analytics, read.ga4], [true, false]);
  }],
  ['two Cookie: lines, the decision in the second', async (port) =>
    twoLines(await raw(port, ['GET /read HTTP/1.1', 'Cookie: other=1', `Cookie: cookie_consent=${V1}`]), ['other=1', `cookie_consent=${V1}`])],
  ['two Cookie: lines, the decision in the first', async (port) =>
    twoLines(await raw(port, ['GET /read HTTP/1.1', `Cookie: cookie_consent=${V1}`, 'Cookie: other=1']), [`cookie_consent=${V1}`, 'other=1'])],
  ['cookie crumbs as separate HTTP/2 fields (h2c)', async (port) => {
    const answer = await h2(port, { cookie: ['other=1', `cookie_consent=${V1}`, 'last=2'] });
    if (answer === null) return 'skipped, no h2c';
    readsDecision(answer, V1, 'HTTP/2 cookie crumbs');
  }],
  ['guardResponse keeps what analytics grants, drops marketing', async (port) => {
    const answer = await request(port, '/guard', { headers: { Cookie: `cookie_consent=${V1}` } });
    assert.equal(answer.status, 202);
    assert.equal(answer.body, 'the guarded body');
    assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8');
    assert.deepEqual(answer.headers['set-cookie'], [
      'visits=1; Path=/; SameSite=Lax; Max-Age=2592000',
      '_ga=GA1.1.42.1700000000; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; SameSite=Lax',
      'session=abc; Path=/; HttpOnly',
      'ads_old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
  }],
  ['guardResponse drops ga4 when the decision refuses it', async (port) => {
    const answer = await request(port, '/guard', { headers: { Cookie: `cookie_consent=${V2}` } });
    assert.deepEqual(answer.headers['set-cookie'].map((cookie) => cookie.split('=')[0]), ['visits', 'session', 'ads_old']);
  }],
  ['guardResponse without a decision, with Sec-GPC: 1', async (port) => {
    const answer = await request(port, '/guard', { headers: { 'Sec-GPC': '1' } });
    assert.deepEqual(answer.headers['set-cookie'].map((cookie) => cookie.split('=')[0]), ['session', 'ads_old']);
    assert.equal(answer.body, 'the guarded body');
  }],
  ['receiptFetchHandler stores a receipt once and refuses bad ones', async (port) => {
    const origin = `http://127.0.0.1:${port}`;
    const id = `rt${Date.now()}`;
    const receipt = { ...createConsent(['analytics'], ['marketing'], 2, 'banner', Date.now(), id), language: 'en', textsHash: 'f'.repeat(64), version: '0.1.0', origin, path: '/shop' };
    const post = (body, headers = { 'Content-Type': 'application/json', Origin: origin }) =>
      request(port, '/receipts', { method: 'POST', headers, body: JSON.stringify(body) });

    const stored = await post(receipt);
    assert.deepEqual([stored.status, JSON.parse(stored.body).stored], [201, true], stored.body);
    const [kept, ...more] = JSON.parse((await request(port, `/stored?id=${id}`)).body);
    assert.equal(more.length, 0);
    assert.deepEqual([kept.outcome, kept.categories, kept.origin, kept.path], ['partial', receipt.categories, origin, '/shop']);
    assert.equal((await post(receipt)).status, 200, 'a resend');
    const bad = await post({ ...receipt, id: `${id}b`, categories: { analytics: true } });
    assert.deepEqual([bad.status, JSON.parse(bad.body).stored], [400, false], 'no necessary: true');
    assert.equal((await post({ ...receipt, id: `${id}c` }, { 'Content-Type': 'application/json' })).status, 403, 'no Origin');
    assert.equal((await post({ ...receipt, id: `${id}d` }, { 'Content-Type': 'text/plain', Origin: origin })).status, 415, 'not JSON');
    assert.equal((await request(port, '/receipts')).status, 405, 'a GET');
    assert.deepEqual(JSON.parse((await request(port, `/stored?id=${id}b`)).body), [], 'nothing of the bad ones stored');
  }],
];

const children = new Set();
const stopAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

/** Starts a runtime's server and waits until it answers; rejects with its output if it does not. */
async function start(bin, args) {
  const port = await freePort();
  const child = spawn(bin, args(port), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const since = Date.now();
  for (;;) {
    if (exited) throw new Error(`the server exited before it answered:\n${output}`);
    if (Date.now() - since > 10_000) throw new Error(`the server did not answer within 10 s:\n${output}`);
    const answer = await request(port, '/').catch(() => null);
    if (answer?.status === 200) return { child, port, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function check(runtime, bin) {
  // `1.4.4`, `deno 2.9.6 (stable, …)`, `workerd 2026-12-01`: the number or the date.
  const said = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  const version = said.match(/\d+\.\d+\.\d+|\d{4}-\d\d-\d\d/)?.[0] ?? said.split('\n')[0].trim();
  let server;
  try {
    server = await start(bin, runtime.args);
    const failures = [];
    const notes = [];
    for (const [name, run] of CHECKS) {
      try {
        const said = await run(server.port);
        if (typeof said === 'string') notes.push(`${name}: ${said}`);
      } catch (error) {
        failures.push(`  ✖ ${name}\n${String(error.message).replace(/^/gm, '      ')}`);
      }
    }
    const passed = failures.length === 0;
    const note = notes.length ? ` (${notes.join('; ')})` : '';
    console.log(`${runtime.name} ${version}: ${passed ? `passed, ${CHECKS.length - notes.filter((text) => text.includes('skipped')).length} checks${note}` : `failed ${failures.length} of ${CHECKS.length} checks${note}`}`);
    if (!passed) console.log(`${failures.join('\n')}\n  server output:\n${server.output().replace(/^/gm, '    ')}`);
    return passed;
  } catch (error) {
    console.log(`${runtime.name} ${version}: failed\n${String(error.message).replace(/^/gm, '  ')}`);
    return false;
  } finally {
    if (server) {
      const { child } = server;
      children.delete(child);
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(killer);
    }
  }
}

const dist = join(root, 'dist', 'server.js');
let distTime = 0;
try {
  distTime = statSync(dist).mtimeMs;
} catch {}
if (distTime < Math.max(newest(join(root, 'src', 'server')), newest(join(root, 'src', 'consent')))) {
  console.error('dist/server.js is missing or older than src/server or src/consent: run `npm run build` first.');
  process.exit(1);
}

let found = 0;
let failed = (await check(NODE, process.execPath)) ? 0 : 1;
for (const runtime of RUNTIMES) {
  const where = locate(runtime);
  if (where.missing) {
    console.log(`${runtime.name}: not found: skipped (set ${runtime.env}, or put ${runtime.name} on PATH)`);
    continue;
  }
  found++;
  if (where.error) {
    console.log(`${runtime.name}: failed: ${where.error}`);
    failed++;
  } else if (!(await check(runtime, where.bin))) failed++;
}

if (found === 0 && !process.argv.includes('--allow-none')) {
  console.log('No runtime was found, so nothing was checked (pass --allow-none to accept that).');
  process.exit(1);
}
process.exit(failed ? 1 : 0);
