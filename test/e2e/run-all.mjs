// Every end-to-end file but the scanner's (which npm test runs beside them), in one process, one file after another,
// each in a suite of its own (../file-suites.mjs), sharing one Chromium (chromium.mjs). Each file still runs on its
// own too: `node --test test/e2e/tabs.test.mjs`.
import { after } from 'node:test';
import { readdirSync } from 'node:fs';
import { holdChromium } from './chromium.mjs';
import { fileSuites } from '../file-suites.mjs';

const here = new URL('.', import.meta.url);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.test.mjs') && file !== 'scan.test.mjs')
  .sort();

after(holdChromium());
await fileSuites(here, files);
