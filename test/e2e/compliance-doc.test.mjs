// docs/compliance.md names, for each legal point, the test that shows it: `test/…` › `test name`.
// A claim is only as good as its test, so every test it names must exist, under that exact name,
// and every file it links to must be there. Nothing is built or started: it reads files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOC = 'docs/compliance.md';

/** `test/…` › `name` pairs, as the document writes them. */
function citations(markdown) {
  return [...markdown.matchAll(/`(test\/[\w./-]+\.(?:ts|mjs))` › `([^`]+)`/g)].map(([, file, name]) => ({ file, name }));
}

/**
 * The titles a test file gives to `it`, `test` and `describe`, each as a pattern: a template literal's
 * `${…}` stands for whatever the loop puts there (`${theme}: text has …` names "light: text has …").
 */
function titles(source) {
  const patterns = [];
  for (const [, quote, body] of source.matchAll(/\b(?:it|test|describe)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    const parts = quote === '`' ? body.split(/\$\{[^}]*\}/) : [body];
    const literal = (text) => text.replace(/\\(.)/g, '$1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    patterns.push(new RegExp(`^${parts.map(literal).join('.+')}$`, 'u'));
  }
  return patterns;
}

describe(DOC, () => {
  test('every test it names exists under that name', async () => {
    const markdown = await readFile(join(root, DOC), 'utf8');
    const cited = citations(markdown);
    assert.ok(cited.length >= 40, `${DOC} names the tests that show its points (found ${cited.length})`);
    const missing = [];
    const sources = new Map();
    for (const { file, name } of cited) {
      if (!sources.has(file)) sources.set(file, await readFile(join(root, file), 'utf8').then(titles, () => null));
      const patterns = sources.get(file);
      if (!patterns) missing.push(`${file} (no such file)`);
      else if (!patterns.some((pattern) => pattern.test(name))) missing.push(`${file} › ${name}`);
    }
    assert.deepEqual(missing, [], `${DOC} names tests that do not exist`);
  });

  test('the check finds a test that is not there', () => {
    const patterns = titles("it(`${theme}: text has at least 4.5:1 contrast`, () => {}); it('a tab\\'s decision', () => {});");
    assert.ok(patterns.some((p) => p.test('light: text has at least 4.5:1 contrast')));
    assert.ok(patterns.some((p) => p.test("a tab's decision")));
    assert.ok(!patterns.some((p) => p.test('text has at least 4.5:1 contrast')));
    assert.ok(!patterns.some((p) => p.test('a tab')));
    assert.deepEqual(citations('`test/e2e/demo.test.mjs` › `before a choice`'), [{ file: 'test/e2e/demo.test.mjs', name: 'before a choice' }]);
  });

  test('every link leads to a file or a heading there', async () => {
    const markdown = await readFile(join(root, DOC), 'utf8');
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = new Set(
      [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
        heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'),
      ),
    );
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      if (path) await assert.doesNotReject(readFile(join(root, dirname(DOC), path)), `${DOC} links to ${target}, which exists`);
      else assert.ok(anchors.has(anchor), `${DOC} links to #${anchor}, a heading there`);
    }
  });
});
