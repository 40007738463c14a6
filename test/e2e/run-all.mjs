// Every end-to-end file but the scanner's (which npm test runs beside them), in one process, one file after another,
// each in a suite of its own: its hooks run before and after its own tests, and the files share one Chromium
// (chromium.mjs). Each file still runs on its own too: `node --test test/e2e/tabs.test.mjs`. No file may await at its
// top level (eslint.config.mjs says why).
import { after, describe } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { holdChromium } from './chromium.mjs';

const here = new URL('.', import.meta.url);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.test.mjs') && file !== 'scan.test.mjs')
  .sort();

// The suites' functions start at once, and files imported together that share a module not yet loaded are evaluated
// in the first one's suite, with their tests and hooks (the demo's server did that to three files). So every module
// a file imports is loaded here first, before any suite, and each file's evaluation is its own.
const imported = files.flatMap((file) =>
  Array.from(readFileSync(new URL(file, here), 'utf8').matchAll(/^import\s(?:[^'";]*?\sfrom\s)?(['"])([^'"]+)\1/gm), ([, , name]) =>
    name.startsWith('.') ? new URL(name, here).href : name,
  ),
);
// One that cannot be loaded here fails in its file's suite, where the file imports it again.
await Promise.all([...new Set(imported)].map((name) => import(name).catch(() => {})));

after(holdChromium());
for (const file of files) describe(file, async () => void (await import(`./${file}`)));
