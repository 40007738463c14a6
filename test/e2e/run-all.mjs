// Every end-to-end file but the scanner's (which npm test runs beside them), in one process, one file after another,
// each in a suite of its own: its hooks run before and after its own tests, and the files share one Chromium
// (chromium.mjs). Each file still runs on its own too: `node --test test/e2e/tabs.test.mjs`. No file may await at its
// top level (eslint.config.mjs says why).
import { after, describe } from 'node:test';
import { readdirSync } from 'node:fs';
import { holdChromium } from './chromium.mjs';
// The suites' functions start at once, and files imported together that share a module not yet loaded are evaluated
// in the first one's suite, with their tests and hooks: three files share the demo's server, loaded here first.
import '../../demo/server.mjs';

const files = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.test.mjs') && file !== 'scan.test.mjs')
  .sort();

after(holdChromium());
for (const file of files) describe(file, async () => void (await import(`./${file}`)));
