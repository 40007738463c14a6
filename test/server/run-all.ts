// Every server test file in one process, one after another, each in a suite of its own (../file-suites.mjs). A
// process for each file cost Node and tsx's loader 0.6 s of CPU each, a third of the suite's CPU. Each file still
// runs on its own too: `node --import tsx --test test/server/parse.test.ts`. Not here: the files that need a process
// of their own (ALONE), which package.json's test:server names after this one.
import { readdirSync } from 'node:fs';
import { fileSuites } from '../file-suites.mjs';

/**
 * A bad option warns once per process: options.test.ts counts the warnings, which other files have had before it.
 * hostile.test.ts compares the cost of parsing 1 MB headers with that of their first copies, within its run: in this
 * process one comparison failed once (CI, a loaded machine), most likely paying for the garbage that the files
 * before it left.
 */
const ALONE = ['options.test.ts', 'hostile.test.ts'];

const here = new URL('.', import.meta.url);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.test.ts') && !ALONE.includes(file))
  .sort();

await fileSuites(here, files);
