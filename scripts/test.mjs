// `npm test`: every check of the project, in as few minutes as a 2-core machine allows. The suite is CPU-bound
// (the machine is busy 88 % of the time), so what counts is keeping both cores busy to the end. First the lint, the
// type checks and the translations beside the build; then, once all of them passed, two lanes: the browser tests, the
// server tests and the site audit's scans one after another, beside the end-to-end suite (its files one after
// another in one process, test/e2e/run-all.mjs), the longest step, which starts first. Measured on this machine:
// 410 s with the browser and server tests side by side, then the scans beside the end-to-end files (which ran alone
// for their last 127 s, at 80 % of the CPU); 379 s in these two lanes; 330 s with the scans after the server tests,
// 358 s with them before (beside the end-to-end files, which they slowed by 50 s).
// Within an end-to-end file, cases that wait run side by side, each on a site and in a browser context of its own
// (test/e2e/sites.mjs); the heaviest files reuse contexts and their page (test/e2e/visitors.mjs). Each step's output
// is held and printed whole when it ends, so no two interleave.
// Exits 1 if any step failed; a failed step starts no further one, as `a && b` would.
// `node scripts/test.mjs e2e` runs only the named steps.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const E2E = 'test/e2e';
// Each stage is lanes side by side, each lane steps one after another.
const STAGES = [
  [
    [['lint', npm, ['run', 'lint']]],
    // The tests' and benches' types, and the sources' with them (tsconfig.test.json); the build's `tsc` checks the
    // sources alone too, as `npm run typecheck` does.
    [['typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']]],
    [['languages', process.execPath, ['scripts/check-languages.mjs']]],
    [['build', npm, ['run', 'build']]],
  ],
  [
    [
      ['browser', npm, ['run', 'test:browser']],
      ['server', npm, ['run', 'test:server']],
      ['scan', process.execPath, ['--test', `${E2E}/scan.test.mjs`]],
    ],
    // One process for every other end-to-end file, one file after another, sharing one Chromium (test/e2e/run-all.mjs).
    [['e2e', process.execPath, ['--test', `${E2E}/run-all.mjs`]]],
  ],
];

const only = process.argv.slice(2);
const running = new Set();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Runs one step with its output held; resolves to whether it passed. */
function run([name, command, args]) {
  const started = performance.now();
  console.log(`▶ ${name}: ${command === process.execPath ? 'node' : command} ${args.join(' ')}`);
  // Colours as if the step wrote to this terminal itself.
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } : process.env;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      const passed = code === 0;
      process.stdout.write(`\n──── ${name} ${'─'.repeat(Math.max(0, 60 - name.length))}\n`);
      process.stdout.write(Buffer.concat(output));
      console.log(`${passed ? '✔' : '✖'} ${name} ${passed ? 'passed' : `failed (${signal ?? `exit code ${code}`})`} in ${seconds(started)}`);
      resolve(passed);
    });
  });
}

// Ctrl-C reaches every step through the terminal; a plain kill of this process is passed on to them.
process.on('SIGTERM', () => {
  for (const child of running) child.kill('SIGTERM');
  process.exit(1);
});

const started = performance.now();
let failed = false;
/** Runs a lane's steps one after another, until one fails or a step of another lane has. */
async function lane(steps) {
  for (const step of steps) {
    if (failed) return;
    if (!(await run(step))) failed = true;
  }
}
for (const stage of STAGES) {
  const lanes = stage.map((steps) => steps.filter(([name]) => !only.length || only.includes(name))).filter((steps) => steps.length);
  await Promise.all(lanes.map(lane));
  if (failed) break;
}
console.log(`\n${failed ? '✖ npm test failed' : '✔ npm test passed'} in ${seconds(started)}`);
process.exitCode = failed ? 1 : 0;
