/**
 * The published file, `dist/server.js`, in a plain Node process: it imports nothing, touches no
 * `window` or `document` (it must run where there are none: Node, Deno, Bun, edge workers), and works.
 * Uses the dist/ that `npm run build` made when it is up to date; otherwise builds the server entry
 * with the project's own rollup config into a temporary folder, leaving dist/ alone.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decision } from './fixtures.js';
import { projectRoot } from './top-cookie.js';

const dist = join(projectRoot, 'dist', 'server.js');

function newestSource(): number {
  let newest = 0;
  for (const folder of ['src/server', 'src/consent']) {
    for (const file of readdirSync(join(projectRoot, folder))) newest = Math.max(newest, statSync(join(projectRoot, folder, file)).mtimeMs);
  }
  return newest;
}

async function buildServer(): Promise<{ file: string; cleanup: () => void }> {
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestSource()) return { file: dist, cleanup: () => {} };
  const { rollup } = await import('rollup');
  const configs = (await import(pathToFileURL(join(projectRoot, 'rollup.config.mjs')).href)).default as { input: string; output: object }[];
  const config = configs.find((entry) => entry.input === 'src/server/index.ts');
  assert.ok(config, 'rollup.config.mjs has no src/server/index.ts entry');
  const folder = mkdtempSync(join(tmpdir(), 'cce-server-'));
  const file = join(folder, 'server.js');
  const cwd = process.cwd();
  process.chdir(projectRoot); // the config's paths are relative to the project
  try {
    const bundle = await rollup({ ...config, onwarn: () => {} });
    await bundle.write({ ...config.output, file, sourcemap: false });
    await bundle.close();
  } finally {
    process.chdir(cwd);
  }
  return { file, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

it('dist/server.js imports nothing and runs in a plain Node process without window or document', { timeout: 120_000 }, async () => {
  const { file, cleanup } = await buildServer();
  try {
    // The code without its comments (which may well say "document.cookie").
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
    assert.doesNotMatch(code, /^\s*import\s|\bimport\s*\(|\brequire\s*\(/m, 'the server helper must not import anything');
    assert.doesNotMatch(code, /\b(window|document|navigator|localStorage)\b/, 'the server helper must not mention browser globals');
    assert.doesNotMatch(code, /\bnode:|\bprocess\.|\bBuffer\b/, 'the server helper must not use Node-only APIs');

    const { value, consent } = decision(['analytics'], ['marketing'], { revision: 2 });
    // Every browser global the bundle could reach for is a trap that records the access.
    const script = `
      const touched = [];
      for (const name of ['window', 'document', 'navigator', 'location', 'localStorage', 'self']) {
        if (name in globalThis && name !== 'navigator') throw new Error(name + ' exists before import');
        const own = Object.getOwnPropertyDescriptor(globalThis, name);
        Object.defineProperty(globalThis, name, {
          configurable: true,
          get() { touched.push(name); return own && own.get ? own.get.call(globalThis) : undefined; },
        });
      }
      const server = await import(${JSON.stringify(pathToFileURL(file).href)});
      const header = ${JSON.stringify(`a=1; cookie_consent=${value}`)};
      const results = {
        exports: Object.keys(server).sort(),
        parsed: server.parseConsent(header, { revision: 2 }),
        node: server.readConsent({ headers: { cookie: header } }),
        fetch: server.readConsent(new Request('http://x/', { headers: { cookie: header } })),
        has: server.hasConsent(header, 'analytics'),
        guarded: server.guardResponse(new Request('http://x/', { headers: { cookie: header } }),
          new Response('', { headers: [['set-cookie', '_ga=1'], ['set-cookie', 'ads=1']] }), { presets: ['ga4'], categories: { marketing: ['ads'] } })
          .headers.getSetCookie(),
        gpc: server.readConsent({ headers: { 'sec-gpc': '1' } })?.source,
        middleware: (() => { const req = { headers: { cookie: header } }; let next = 0; server.consentMiddleware()(req, {}, () => next++); return next === 1 && req.consent?.id; })(),
      };
      for (const name of ['window', 'document', 'location', 'localStorage', 'self']) delete globalThis[name];
      process.stdout.write(JSON.stringify({ touched, windowUndefined: globalThis.window === undefined, ...results }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: tmpdir() });
    const result = JSON.parse(output);
    assert.deepEqual(result.touched, [], `touched browser globals: ${result.touched}`);
    assert.equal(result.windowUndefined, true);
    assert.deepEqual(result.exports, [
      'checkReceiptBody', 'consentMiddleware', 'cookieGuard', 'exportReceipts', 'guardResponse', 'hasConsent', 'outcomeOf', 'parseConsent',
      'purgeReceipts', 'readConsent', 'receiptFetchHandler', 'receiptMiddleware', 'receiptStats', 'truncateAddress', 'verifyReceipt', 'writeReceipts',
    ]);
    assert.deepEqual(result.parsed, consent);
    assert.deepEqual(result.node, consent);
    assert.deepEqual(result.fetch, consent);
    assert.equal(result.has, true);
    assert.deepEqual(result.guarded, ['_ga=1'], 'the built guard keeps analytics (granted), drops marketing (refused)');
    assert.equal(result.gpc, 'gpc');
    assert.equal(result.middleware, consent.id);
  } finally {
    cleanup();
  }
});

it('dist/types/server/index.d.ts, when built, declares the public API', (t) => {
  const types = join(projectRoot, 'dist', 'types', 'server', 'index.d.ts');
  if (!existsSync(types)) {
    t.skip('run npm run build to check the declarations');
    return;
  }
  const text = readFileSync(types, 'utf8');
  for (const name of ['parseConsent', 'readConsent', 'hasConsent', 'consentMiddleware', 'cookieGuard', 'guardResponse', 'GuardOptions', 'Consent', 'ConsentSource', 'ServerOptions']) {
    assert.match(text, new RegExp(`\\b${name}\\b`), name);
  }
});
