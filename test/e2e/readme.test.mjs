// Every code sample in README.md (and docs/*.md) runs here, so none of them rots.
//
// A sample is marked by an HTML comment on the line before its fence, `<!-- readme-test: NAME -->`;
// what runs it follows from its language and name:
//   html            loaded in Chromium with the built widget: a banner shows, nothing errors
//   css             applied to a page with the one-tag install: the banner takes it, nothing errors
//   js  browser-*   run in that page after the widget starts; "Accept all" is clicked; nothing errors
//   js  server-*    a Node server, started as its own process on a free port, then asked over HTTP
//   js  fetch-*     a Fetch-API handler (`export default { fetch }`), called with real Request objects
//   ts              type-checked against the built package's declarations
//   text cookie-*   a cookie value that the built server helper must read back
//   jsx/js framework-*   run by test/browser/framework.test.ts and test/e2e/readme-frameworks.test.mjs
// A js, ts, html or css block without a marker fails the test: either it runs, or it is not code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeChromium, openChromium } from './chromium.mjs';
import { visitors } from './visitors.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the package, so `import … from 'cookie-consent-element/server'` resolves to the build.
const work = join(root, 'test-results', 'readme');
const DOCS = ['README.md', 'docs/frameworks.md', 'docs/cookie-guard.md', 'docs/receipts.md', 'docs/cookie-format.md', 'docs/scan.md', 'docs/security.md', 'docs/migrating.md'];
/** Read for their links only: their samples run elsewhere (presets.test.mjs) or are none. */
const LINKED = ['docs/compliance.md', 'docs/performance.md', 'docs/presets.md'];
const FRAMEWORK_TESTS = ['test/browser/framework.test.ts', 'test/e2e/readme-frameworks.test.mjs'];
const RUNNABLE = new Set(['js', 'mjs', 'ts', 'html', 'css', 'jsx', 'tsx', 'vue']);

/** Fenced blocks of a Markdown file, each with the marker name on the line before it (or null). */
function extractSamples(markdown, file) {
  const lines = markdown.split('\n');
  const samples = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(\w*)/.exec(lines[i]);
    if (!open) continue;
    const [, , fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? /<!--\s*readme-test:\s*([\w-]+)\s*-->/.exec(lines[before]) : null;
    samples.push({ file, line: i + 1, lang, name: marker?.[1] ?? null, code: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return samples;
}

const samples = [];
for (const file of DOCS) {
  let text;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    continue; // docs/frameworks.md is optional
  }
  samples.push(...extractSamples(text, file));
}
// docs/cookie-format.md's Python reader runs when python3 is there (it is on the project's machines; elsewhere it is skipped).
const python = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;
const where = (s) => `${s.file}:${s.line} (${s.name ?? s.lang})`;
const named = (prefix, langs) => samples.filter((s) => s.name?.startsWith(prefix) && langs.includes(s.lang));

/** A cookie header with a decision in the documented format (README, The value, byte by byte). */
function consentCookie({ granted = [], refused = [], revision = 0, timestamp = Date.now(), id = 'readmeTest01', source = 'banner' } = {}) {
  return `cookie_consent=v=1&r=${revision}&t=${timestamp}&id=${id}&s=${source}&g=${granted.join('+')}&d=${refused.join('+')}`;
}

// ---------------------------------------------------------------------------------------------
// Static server for page samples: the built package at the root, each sample at /sample-N.html (samples
// run a few at once, each in a fresh context).

const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.map': 'application/json' };
/**
 * Connect-style stand-in for `express` (the README's Express recipe runs without installing it). Above the
 * hook that writes it: the runner may start that hook before the rest of this module has run.
 */
const EXPRESS_SHIM = `
import { createServer } from 'node:http';
export default function express() {
  const stack = [];
  const app = (req, res) => {
    res.status = (code) => { res.statusCode = code; return res; };
    res.send = (body) => { if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/html; charset=utf-8'); res.end(String(body)); return res; };
    res.json = (value) => { res.setHeader('Content-Type', 'application/json'); res.end(JSON.stringify(value)); return res; };
    res.cookie = (name, value, o = {}) => {
      const cookie = name + '=' + encodeURIComponent(value) + '; Path=' + (o.path ?? '/') + (o.maxAge ? '; Max-Age=' + Math.round(o.maxAge / 1000) : '') + (o.sameSite ? '; SameSite=' + o.sameSite : '') + (o.httpOnly ? '; HttpOnly' : '');
      res.appendHeader('Set-Cookie', cookie);
      return res;
    };
    const path = new URL(req.url, 'http://x').pathname;
    let i = 0;
    const next = (error) => {
      if (error) { res.statusCode = 500; return res.end(String(error)); }
      const layer = stack[i++];
      if (!layer) { res.statusCode = 404; return res.end('not found'); }
      if (layer.method && (layer.method !== req.method || layer.path !== path)) return next();
      try { layer.fn(req, res, next); } catch (e) { next(e); }
    };
    next();
  };
  app.use = (fn) => { stack.push({ fn }); return app; };
  app.get = (path, fn) => { stack.push({ method: 'GET', path, fn }); return app; };
  app.listen = (port, cb) => createServer(app).listen(port, '127.0.0.1', cb);
  return app;
}
`;

let site;
let siteUrl;
const pages = new Map();
let browser;
/** Fresh visitors, in contexts reused (visitors.mjs). */
let visitor;

before(async () => {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  // Written once: the Express samples import it while others start.
  await writeFile(join(work, 'express-shim.mjs'), EXPRESS_SHIM);
  site = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (pages.has(path)) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      return res.end(pages.get(path));
    }
    if (path === '/privacy') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      return res.end('<!doctype html><title>Privacy</title>');
    }
    if (path === '/consent-receipts' && req.method === 'POST') {
      // Stands in for the site's receipt endpoint of the receipt-url sample (README, Receipts).
      req.resume();
      return res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"stored":true}');
    }
    if (path === '/stats.mjs') {
      // Stands in for the README's example script: `import.meta` only parses in a module.
      res.writeHead(200, { 'Content-Type': TYPES['.js'] });
      return res.end("console.log(`loaded /stats.mjs as ${typeof import.meta === 'object' ? 'a module' : 'a script'}`);");
    }
    try {
      const body = await readFile(join(root, 'dist', path.replace(/\.\./g, '')));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  site.listen(0, '127.0.0.1');
  await once(site, 'listening');
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  browser = await openChromium();
  visitor = visitors(browser);
});

after(async () => {
  await closeChromium();
  site?.closeAllConnections();
  site?.close();
});

const ONE_TAG = '<script src="/cookie-consent.iife.js" data-categories="analytics marketing" data-policy-url="/privacy"></script>';

/** A page around an HTML fragment; adds the one-tag install when the fragment has no widget of its own. */
function pageAround(html, { head = '', tail = '' } = {}) {
  if (/^\s*<!doctype/i.test(html)) return html;
  const install = /cookie-consent(\.iife)?\.js/.test(html) ? '' : ONE_TAG;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sample</title>${head}</head><body>\n${html}\n${install}${tail}</body></html>`;
}

/** Opens `html` in a fresh context; third-party hosts (sample URLs such as example.com) are cut off. */
async function open(html) {
  const path = `/sample-${pages.size}.html`;
  pages.set(path, html);
  const { context, page: tab } = await visitor();
  const problems = [];
  const logs = [];
  tab.on('console', (m) => (m.type() === 'error' ? problems : logs).push(m.text()));
  tab.on('pageerror', (e) => problems.push(e.message));
  await context.route('**/*', (route) =>
    route.request().url().startsWith(siteUrl) ? route.continue() : route.fulfill({ status: 204, body: '' }),
  );
  await tab.goto(siteUrl + path);
  return { context, tab, problems, logs };
}

// "Accept all" in every language the widget ships, so a sample may set any `lang`.
const langDir = join(root, 'src', 'view', 'texts', 'lang');
const translations = Object.fromEntries(
  readdirSync(langDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(langDir, f), 'utf8'))]),
);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ACCEPT_ALL = new RegExp(`^(${['Accept all', ...Object.values(translations).map((t) => t.acceptAll)].map(escapeRegExp).join('|')})$`);
const acceptAll = (tab) => tab.getByRole('button', { name: ACCEPT_ALL }).first();

/** Waits (up to 5 s) for something the page reports asynchronously, e.g. through console.log. */
async function until(condition, what) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(condition(), what);
}

/** What some HTML samples promise beyond "a banner, no errors": checked before and after Accept all. */
const HTML_CHECKS = {
  tagging: {
    before: async (tab, logs) => {
      assert.equal(await tab.locator('img[data-category]').getAttribute('src'), null);
      assert.equal(await tab.locator('iframe[data-category]').getAttribute('src'), null);
      assert.deepEqual(logs.filter((l) => l.includes('granted')), [], 'no tagged script ran before consent');
    },
    after: async (tab, logs) => {
      await tab.locator('img[src="https://example.com/pixel.gif"]').waitFor({ state: 'attached' });
      await tab.locator('iframe[src^="https://www.youtube-nocookie.com/"]').waitFor({ state: 'attached' });
      await until(() => logs.includes('marketing granted'), 'the inline marketing script ran');
      await until(() => logs.includes('loaded /stats.mjs as a module'), 'data-type="module" made it a module');
    },
  },
  // docs/migrating.md: a page tagged for vanilla-cookieconsent runs its tags unchanged.
  'migrate-vcc': {
    before: async (tab, logs) => {
      assert.deepEqual(logs.filter((l) => l.includes('granted')), [], 'no tagged script ran before consent');
    },
    after: async (tab, logs) => {
      await until(() => logs.includes('analytics granted'), 'the inline analytics script ran');
      await tab.locator('script[src="https://example.com/ads.js"]:not([type])').waitFor({ state: 'attached' });
    },
  },
  'lang-attribute': {
    before: async (tab) => {
      await tab.getByRole('button', { name: translations.de.acceptAll, exact: true }).waitFor();
      await tab.getByRole('button', { name: translations.de.rejectAll, exact: true }).waitFor();
    },
  },
  'csp-nonce': {
    after: async (tab, logs) => {
      await until(() => logs.includes('analytics granted'), 'the inline script ran');
    },
  },
  'consent-mode': {
    // dataLayer entries are `arguments` objects; copy them out as arrays.
    before: async (tab) => {
      const calls = await tab.evaluate(() => (window.dataLayer ?? []).map((args) => Array.from(args)));
      const defaults = calls.find(([command, action]) => command === 'consent' && action === 'default');
      assert.ok(defaults, 'a consent default is pushed');
      assert.equal(defaults[2].analytics_storage, 'denied');
      assert.equal(defaults[2].ad_storage, 'denied');
      assert.equal(defaults[2].security_storage, 'granted');
    },
    after: async (tab) => {
      await tab.waitForFunction(() =>
        (window.dataLayer ?? []).some((args) => args[0] === 'consent' && args[1] === 'update' && args[2]?.analytics_storage === 'granted'),
      );
      const update = await tab.evaluate(() =>
        Array.from((window.dataLayer ?? []).filter((args) => args[0] === 'consent' && args[1] === 'update').pop()),
      );
      assert.equal(update[2].ad_user_data, 'granted');
    },
  },
};

/** Markdown without its fenced blocks (a `#` line in a shell sample is no heading). */
const withoutCode = (markdown) => markdown.replace(/^(\s*)(`{3,})[\s\S]*?^\1\2\s*$/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorsOf = (prose) =>
  new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-')));

// ---------------------------------------------------------------------------------------------

// A few samples at once: each waits mostly on a browser or a child process.
describe('README samples', { concurrency: 4 }, () => {
  test('every js, ts, html and css block is marked to run', () => {
    const unmarked = samples.filter((s) => RUNNABLE.has(s.lang) && s.name === null);
    assert.deepEqual(unmarked.map(where), [], 'mark each with <!-- readme-test: NAME --> on the line before it');
    const names = samples.filter((s) => s.name).map((s) => `${s.file}:${s.name}`);
    assert.equal(new Set(names).size, names.length, 'marker names are unique per file');
    assert.ok(samples.some((s) => s.name), 'README.md has runnable samples');
  });

  test('the Quick start is exactly two commands after cloning', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const quick = readme.split(/^## /m).find((section) => section.startsWith('Quick start'));
    assert.ok(quick, 'README has a "Quick start" section');
    const commands = extractSamples(quick, 'README.md')
      .filter((s) => ['sh', 'bash', 'shell'].includes(s.lang))
      .flatMap((s) => s.code.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('git clone') && !l.startsWith('cd ')));
    assert.deepEqual(commands, ['npm install && npm start', 'npm test']);
  });

  test('README documents every attribute, event, CSS part and custom property of the manifest', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const manifest = JSON.parse(await readFile(join(root, 'custom-elements.json'), 'utf8'));
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
    assert.deepEqual(elements.map((e) => e.tagName).sort(), ['cookie-category', 'cookie-consent', 'cookie-consent-placeholder', 'cookie-declaration']);
    const missing = [];
    for (const element of elements) {
      const names = [
        ...(element.attributes ?? []).map((a) => a.name),
        ...(element.events ?? []).map((e) => e.name),
        ...(element.cssParts ?? []).map((p) => p.name),
        ...(element.cssProperties ?? []).map((p) => p.name),
      ];
      for (const name of names) {
        const named = readme.includes(`\`${name}\``) || readme.includes(`::part(${name})`) || readme.includes(`${name}="`);
        if (!named) missing.push(`<${element.tagName}> ${name}`);
      }
    }
    assert.ok(elements.find((e) => e.tagName === 'cookie-consent').attributes.length >= 14, 'the manifest lists the attributes');
    assert.deepEqual(missing, [], 'each appears in the README');
  });

  test('the manifest lists the elements\' public API only: no helpers, no internal members or events', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const manifest = JSON.parse(await readFile(join(root, 'custom-elements.json'), 'utf8'));
    const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
    // What the modules export to each other (the placeholder's factory, the declaration's formatter) is no element's API.
    assert.deepEqual(declarations.filter((d) => !d.tagName).map((d) => d.name), []);
    const internal = [];
    for (const element of declarations.filter((d) => d.tagName)) {
      // A member that is not an attribute's property is API only if the README's reference names it.
      for (const member of (element.members ?? []).filter((m) => !m.attribute)) {
        if (!readme.includes(`\`${member.name}\``) && !readme.includes(`\`${member.name}(`)) internal.push(`<${element.tagName}> ${member.name}`);
      }
      // An event without an @event description is one the analyzer guessed from code (`new CustomEvent(type)`).
      for (const event of element.events ?? []) if (event.name === 'texts-change' || !event.description) internal.push(`<${element.tagName}> ${event.name}`);
    }
    assert.deepEqual(internal, []);
  });

  test('every link to a file or a heading leads somewhere', async () => {
    const linked = [];
    for (const file of [...DOCS, ...LINKED]) {
      let text;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        continue;
      }
      const prose = withoutCode(text);
      const targets = [...prose.matchAll(/\]\(([^)\s]+)\)|<img src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
      for (const target of targets) {
        if (/^[a-z]+:/.test(target)) continue; // http(s) links are not fetched here
        const [path, anchor] = target.split('#');
        if (path) {
          await assert.doesNotReject(stat(join(root, dirname(file), path)), `${file} links to ${target}, which exists`);
          linked.push(join(dirname(file), path));
        }
        // A heading of this file, or of the Markdown file linked (the README and docs/ link into each other).
        if (anchor !== undefined) {
          const there = path ? withoutCode(await readFile(join(root, dirname(file), path), 'utf8')) : prose;
          assert.ok(anchorsOf(there).has(anchor), `${file} links to ${target}, a heading there`);
        }
      }
    }
    // A file that git ignores (custom-elements.json, dist/) is here only after a build: in the repository,
    // where the docs are read, such a link is broken. Outside a git checkout, git answers nothing.
    const ignored = await new Promise((resolve) => {
      execFile('git', ['check-ignore', '--', ...linked], { cwd: root }, (error, stdout) => resolve(error ? [] : stdout.split('\n').filter(Boolean)));
    });
    assert.deepEqual(ignored, [], 'no link to a file the build generates');
  });

  test('every framework sample is run by a framework test', async () => {
    const runners = (await Promise.all(FRAMEWORK_TESTS.map((f) => readFile(join(root, f), 'utf8').catch(() => '')))).join('\n');
    for (const sample of samples.filter((s) => s.name?.startsWith('framework-'))) {
      assert.ok(runners.includes(`'${sample.name}'`), `${where(sample)} is run by one of ${FRAMEWORK_TESTS.join(', ')}`);
    }
  });

  // First, as the longest: a TypeScript compiler of its own.
  const typed = samples.filter((s) => s.lang === 'ts' && s.name);
  if (typed.length) {
    test(`ts: ${typed.map(where).join(', ')} type-check against dist/types`, async () => {
      const files = [];
      for (const sample of typed) {
        const file = join(work, `${sample.name}.ts`);
        await writeFile(file, sample.code);
        files.push(file);
      }
      await writeFile(
        join(work, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2021', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            strict: true, noEmit: true, skipLibCheck: true, types: ['node'], isolatedModules: true,
          },
          files,
        }),
      );
      const { code, output } = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')]);
      assert.equal(code, 0, output);
    });
  }

  for (const sample of samples.filter((s) => s.lang === 'html' && s.name)) {
    test(`html: ${where(sample)} shows a banner without errors`, async () => {
      const { context, tab, problems, logs } = await open(pageAround(sample.code));
      await acceptAll(tab).waitFor();
      await HTML_CHECKS[sample.name]?.before?.(tab, logs);
      await acceptAll(tab).click();
      await acceptAll(tab).waitFor({ state: 'hidden' });
      await HTML_CHECKS[sample.name]?.after?.(tab, logs);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  for (const sample of samples.filter((s) => s.lang === 'css' && s.name)) {
    test(`css: ${where(sample)} styles the banner without errors`, async () => {
      const { context, tab, problems } = await open(pageAround('<p>Page</p>', { head: `<style>${sample.code}</style>` }));
      await acceptAll(tab).waitFor();
      // The banner takes the sample's colours: each --cc-*background given as a hex colour is the
      // background of something inside the element's shadow root.
      const backgrounds = [...sample.code.matchAll(/(--cc-[\w-]*background)\s*:\s*#([0-9a-f]{6})\s*;/gi)].map(([, , hex]) =>
        `rgb(${[0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`,
      );
      assert.ok(backgrounds.length > 0 || /::part\(/.test(sample.code), 'the sample sets a --cc-*background colour or a ::part() rule');
      const painted = await tab.evaluate(() =>
        [...document.querySelector('cookie-consent').shadowRoot.querySelectorAll('*')].map((e) => getComputedStyle(e).backgroundColor),
      );
      for (const colour of backgrounds) assert.ok(painted.includes(colour), `something in the banner has background ${colour}`);
      // Every part the sample styles exists in the element's shadow tree.
      for (const [, part] of sample.code.matchAll(/::part\(([\w-]+)\)/g)) {
        assert.ok(await tab.evaluate((p) => !!document.querySelector('cookie-consent').shadowRoot.querySelector(`[part~="${p}"]`), part), `part ${part} exists`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  for (const sample of named('browser-', ['js'])) {
    test(`browser js: ${where(sample)} runs beside the widget`, async () => {
      const { context, tab, problems, logs } = await open(pageAround('<p>Page</p>', { tail: `<script type="module">\n${sample.code}\n</script>` }));
      await acceptAll(tab).waitFor();
      await acceptAll(tab).click();
      await acceptAll(tab).waitFor({ state: 'hidden' });
      await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
      assert.deepEqual(problems, []);
      // A sample that logs shows that its handler ran on the decision.
      if (/console\.log/.test(sample.code)) assert.ok(logs.length > 0, 'the sample logged something');
      await context.close();
    });
  }

  for (const sample of samples.filter((s) => s.lang === 'text' && s.name?.startsWith('cookie-'))) {
    test(`cookie value: ${where(sample)} is read by the server helper`, async () => {
      const { parseConsent } = await import('cookie-consent-element/server');
      const value = sample.code.trim().split('\n')[0].replace(/^cookie_consent=/, '');
      const consent = parseConsent(`cookie_consent=${value}`);
      assert.ok(consent, `parses: ${value}`);
      assert.ok(Buffer.byteLength(value) < 256);
      // Every category the sample names in g= / d= appears with that value.
      const fields = new URLSearchParams(value);
      for (const id of (fields.get('g') ?? '').split(/[ +]/).filter(Boolean)) assert.equal(consent.categories[id], true);
      for (const id of (fields.get('d') ?? '').split(/[ +]/).filter(Boolean)) assert.equal(consent.categories[id], false);
      assert.equal(consent.id, fields.get('id'));
    });
  }

  for (const sample of named('python-', ['python'])) {
    test(`python: ${where(sample)} reads what the JavaScript reader reads`, { skip: !python && 'python3 is not installed' }, async () => {
      const { parseConsent } = await import('cookie-consent-element/server');
      const now = Date.now();
      const values = [
        `v=1&r=2&t=${now}&id=q3ZKx7_0aB-c&s=banner&g=analytics+preferences&d=marketing`,
        `v=1&r=0&t=${now}&id=abc&s=gpc&g=&d=analytics+marketing`,
        `v=2&r=2&t=${now}&id=abc&s=banner&g=analytics&d=`,
        `v=2&r=2&t=${now}&id=abc&s=preferences&g=analytics&d=marketing&sg=ga4+chat&sd=youtube`,
        `v=2&r=2&t=${now}&id=abc&s=preferences&g=analytics&d=&sg=&sd=`,
        'v=1&r=2&t=notanumber&id=abc&s=banner&g=&d=',
        `v=1&r=2&t=${now - 400 * 86_400_000}&id=old&s=banner&g=analytics&d=`,
        '',
      ];
      // And what the element itself wrote in Chromium, without services (version 1) and with them (version 2).
      const written = [];
      for (const services of ['', '<cookie-service preset="ga4"></cookie-service><cookie-service name="chat" category="preferences"></cookie-service>']) {
        const { context, tab } = await open(pageAround(`<cookie-consent categories="analytics marketing preferences" revision="2">${services}</cookie-consent><script src="/cookie-consent.iife.js"></script>`));
        // With services the element records the decision once its services part is in: updateComplete waits for that.
        await tab.evaluate(async () => {
          await customElements.whenDefined('cookie-consent');
          const el = document.querySelector('cookie-consent');
          el.acceptCategories(['analytics', 'preferences']);
          await el.updateComplete;
        });
        written.push((await context.cookies()).find((c) => c.name === 'cookie_consent').value);
        await context.close();
      }
      assert.deepEqual(written.map((v) => v.slice(0, 4)), ['v=1&', 'v=2&']);
      values.push(...written);
      const harness = `${sample.code}\nimport json, sys\nprint(json.dumps([read_consent(v, revision=2, expires_days=182) for v in json.loads(sys.argv[1])]))\n`;
      const file = join(work, `${sample.name}.py`);
      await writeFile(file, harness);
      const { code, output } = await run('python3', [file, JSON.stringify(values)]);
      assert.equal(code, 0, output);
      const fromPython = JSON.parse(output);
      const fromJs = values.map((v) => parseConsent(`cookie_consent=${v}`, { revision: 2, expiresDays: 182 }));
      assert.deepEqual(fromPython, fromJs);
      assert.ok(fromPython.slice(-2).every((consent) => consent?.categories.analytics === true), 'the cookies the element wrote are read');
    });
  }

  for (const sample of named('server-', ['js'])) {
    test(`node server: ${where(sample)} answers by the visitor's consent`, async () => {
      await checkServer(sample);
    });
  }

  for (const sample of named('fetch-', ['js'])) {
    test(`fetch handler: ${where(sample)} answers by the visitor's consent`, async () => {
      const file = join(work, `${sample.name}.mjs`);
      await writeFile(file, sample.code);
      const handler = (await import(pathToFileURL(file).href)).default;
      await checkResponses((path, headers) => handler.fetch(new Request(`https://shop.example${path}`, { headers })));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Server samples. Each answers GET / ; the checks hold for every recipe in the README:
// analytics granted → the response sets the site's own analytics cookie; refused, absent, GPC → it does not.

async function checkResponses(request) {
  const granted = await request('/', { cookie: consentCookie({ granted: ['analytics'], refused: ['marketing'] }) });
  assert.equal(granted.status, 200);
  assert.match(granted.headers.get('set-cookie') ?? '', /visits=/, 'analytics granted: the analytics cookie is set');
  assert.match(await granted.text(), /analytics/i);

  const refused = await request('/', { cookie: consentCookie({ refused: ['analytics', 'marketing'] }) });
  assert.equal(refused.headers.get('set-cookie'), null, 'refused: no analytics cookie');
  const none = await request('/', {});
  assert.equal(none.headers.get('set-cookie'), null, 'no decision: no analytics cookie');
  const gpc = await request('/', { 'sec-gpc': '1' });
  assert.equal(gpc.headers.get('set-cookie'), null, 'GPC: no analytics cookie');
  const broken = await request('/', { cookie: 'cookie_consent=v=1&r=0&t=x&id=__proto__&s=banner&g=analytics&d=' });
  assert.equal(broken.status, 200, 'a malformed cookie is no decision, not an error');
  assert.equal(broken.headers.get('set-cookie'), null);
}


async function checkServer(sample) {
  const port = await freePort();
  let code = sample.code.replace(/\b3000\b/g, String(port));
  if (/from 'express'/.test(code)) {
    code = code.replace(/from 'express'/, "from './express-shim.mjs'");
  }
  const file = join(work, `${sample.name}.mjs`);
  await writeFile(file, code);
  const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await waitForPort(port, child, () => output);
    await checkResponses((path, headers) => fetch(`http://127.0.0.1:${port}${path}`, { headers }));
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, output) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the sample exited early:\n${output()}`);
    try {
      await fetch(`http://127.0.0.1:${port}/__ready`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the sample never listened on ${port}:\n${output()}`);
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
