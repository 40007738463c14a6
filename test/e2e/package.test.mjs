// The package as a site's build sees it: every entry of package.json "exports" resolves, by the package's
// own name, to a file the build made (CONTRACT section 1), and each kind of file is what its name says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const resolve = (subpath) => fileURLToPath(import.meta.resolve(`${pkg.name}${subpath.slice(1)}`));

describe('package exports', () => {
  it('every entry, and its types, exist after the build', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const file = resolve(subpath);
      assert.ok(existsSync(file), `${subpath} → ${file}`);
      // Every condition's file too ("types", "node" for Node, "default" for browsers and bundlers).
      for (const [condition, path] of Object.entries(typeof target === 'object' ? target : {})) {
        assert.ok(existsSync(join(root, path)), `${subpath} ${condition} → ${path}`);
      }
    }
  });

  it('"./iife" is the one-tag classic script: no import or export statement', () => {
    const file = resolve('./iife');
    assert.match(file, /cookie-consent\.iife\.js$/);
    const code = readFileSync(file, 'utf8');
    assert.doesNotMatch(code, /^\s*(import\s*[{*\w'"]|export\s)/m);
    assert.match(code, /customElements\.define\(\s*["']cookie-consent["']/);
  });

  it('"./server" is an ES module that exports the contract\'s names', async () => {
    const server = await import(`${pkg.name}/server`);
    for (const name of ['parseConsent', 'readConsent', 'hasConsent', 'consentMiddleware']) assert.equal(typeof server[name], 'function', name);
  });
});

// What Next.js, Nuxt and Astro do while rendering on the server: import the package by name in Node,
// where there is no DOM. A fresh process each time, so no other test's globals help it.
describe('in Node (server-side rendering)', () => {
  const inNode = (code) =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }));

  it('import "cookie-consent-element" does not throw, exports the classes and defines nothing', () => {
    const result = inNode(`
      const before = typeof globalThis.customElements;
      const element = await import(${JSON.stringify(pkg.name)});
      process.stdout.write(JSON.stringify({
        exports: Object.keys(element).sort(),
        classes: typeof element.CookieConsent + ' ' + typeof element.CookieCategory,
        before,
        defined: ['cookie-consent', 'cookie-category'].filter((tag) => globalThis.customElements?.get(tag) !== undefined),
        window: typeof window,
      }));
    `);
    assert.deepEqual(result.exports, ['CookieCategory', 'CookieConsent', 'registerTexts']);
    assert.equal(result.classes, 'function function');
    assert.equal(result.before, 'undefined');
    assert.deepEqual(result.defined, [], 'defining the elements is a no-op in Node');
    assert.equal(result.window, 'undefined', 'the import adds no window');
  });

  it('import "cookie-consent-element/iife" (and the single file) does not throw either, and does nothing', () => {
    for (const entry of [`${pkg.name}/iife`, pathToFileURL(join(root, 'dist/cookie-consent.all.iife.js')).href]) {
      const result = inNode(`
        await import(${JSON.stringify(entry)});
        process.stdout.write(JSON.stringify({ customElements: typeof globalThis.customElements, document: typeof document }));
      `);
      assert.deepEqual(result, { customElements: 'undefined', document: 'undefined' }, entry);
    }
  });

  it('require("cookie-consent-element") works too where Node can require ES modules', (t) => {
    if (!process.features.require_module) return t.skip(`Node ${process.version} cannot require ES modules`);
    const result = inNode(`
      import { createRequire } from 'node:module';
      const element = createRequire(${JSON.stringify(`${pathToFileURL(root).href}/`)})(${JSON.stringify(pkg.name)});
      process.stdout.write(JSON.stringify(typeof element.CookieConsent));
    `);
    assert.equal(result, 'function');
  });
});

// What `npm pack` (and so `npm publish`) puts in the tarball. `npm test` has just built dist/, so the
// pack skips its prepack build here rather than building a second time.
describe('npm pack', () => {
  it('ships the builds, the languages, the types, the manifest, the licence and the README', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [packed] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    const files = packed.files.map((file) => file.path);
    for (const file of [
      'dist/cookie-consent.js',
      'dist/cookie-consent.iife.js',
      'dist/cookie-consent-view.js',
      'dist/cookie-consent-view-services.js',
      'dist/cookie-consent-view-placeholder.js',
      'dist/cookie-consent-view-preferences.js',
      'dist/cookie-consent-receipts.js',
      'dist/cookie-consent-embeds.js',
      'dist/cookie-consent-services.js',
      'dist/cookie-consent.all.iife.js',
      'dist/server.js',
      'dist/types/index.d.ts',
      'dist/types/server/index.d.ts',
      'custom-elements.json',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    const languages = readdirSync(join(root, 'src/view/texts/lang'));
    assert.deepEqual(files.filter((file) => file.startsWith('dist/lang/')).sort(), languages.map((file) => `dist/lang/${file}`).sort());
    // The declaration maps point into src/, so it ships; the tests, the bench and the demo do not.
    assert.ok(files.includes('src/index.ts'), 'src/ is in the tarball');
    assert.deepEqual(files.filter((file) => /^(test|bench|demo|scripts|node_modules)\//.test(file)), []);
  });

  it('builds dist/ before packing and says where it comes from', () => {
    // A fresh clone has no dist/: without this, `npm pack` there ships no code at all.
    assert.equal(pkg.scripts.prepack, 'npm run build');
    // The registry's page links the README's relative links to the repository.
    assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.ok(pkg.homepage && pkg.bugs, 'homepage and bugs');
  });
});
