// The package as a site's build sees it: every entry of package.json "exports" resolves, by the package's
// own name, to a file the build made (CONTRACT section 1), and each kind of file is what its name says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const resolve = (subpath) => fileURLToPath(import.meta.resolve(`${pkg.name}${subpath.slice(1)}`));

describe('package exports', () => {
  it('every entry, and its types, exist after the build', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const file = resolve(subpath);
      assert.ok(existsSync(file), `${subpath} → ${file}`);
      const types = typeof target === 'object' ? target.types : undefined;
      if (types) assert.ok(existsSync(fileURLToPath(new URL(`../../${types}`, import.meta.url))), `${subpath} types → ${types}`);
    }
  });

  it('"./iife" is the one-tag classic script: no import or export statement', () => {
    const file = resolve('./iife');
    assert.match(file, /cookie-consent\.iife\.js$/);
    const code = readFileSync(file, 'utf8');
    assert.doesNotMatch(code, /^\s*(import\s*[{*\w'"]|export\s)/m);
    assert.match(code, /customElements\.define\(\s*["']cookie-consent["']/);
  });

  it('"." and "./server" are ES modules that export the contract\'s names', async () => {
    const element = await import(`${pkg.name}`).catch((error) => error);
    // The element's module needs a DOM; without one it must fail on that, not on resolution.
    if (element instanceof Error) assert.doesNotMatch(String(element), /Cannot find|ERR_MODULE_NOT_FOUND|ERR_PACKAGE_PATH/);
    const server = await import(`${pkg.name}/server`);
    for (const name of ['parseConsent', 'readConsent', 'hasConsent', 'consentMiddleware']) assert.equal(typeof server[name], 'function', name);
  });
});
