// Test files run in one process, one after another, each in a suite of its own, so that its hooks run before and
// after its own tests (test/e2e/run-all.mjs, test/server/run-all.ts). A file still runs on its own too.
import { describe } from 'node:test';
import { readFileSync } from 'node:fs';

/**
 * Declares a suite for each of `files` (names in the folder `dir`, a URL) that imports it. The suites' functions start
 * at once, and files imported together that share a module not yet loaded are evaluated in the first one's suite,
 * with their tests and hooks (the demo's server did that to three end-to-end files). So every module a file imports
 * is loaded first, before any suite, and each file's evaluation is its own. Await it at the top level; no file may
 * await at its own (eslint.config.mjs says why).
 */
export async function fileSuites(dir, files) {
  const imported = files.flatMap((file) =>
    Array.from(readFileSync(new URL(file, dir), 'utf8').matchAll(/^import\s(?:[^'";]*?\sfrom\s)?(['"])([^'"]+)\1/gm), ([, , name]) =>
      name.startsWith('.') ? new URL(name, dir).href : name,
    ),
  );
  // One that cannot be loaded here fails in its file's suite, where the file imports it again.
  await Promise.all([...new Set(imported)].map((name) => import(name).catch(() => {})));
  for (const file of files) describe(file, async () => void (await import(new URL(file, dir).href)));
}
