// `npm test`: every check of the project, in as few minutes as a 2-core machine allows. Most steps wait
// on browsers, child processes and timers rather than on the CPU, so independent steps run side by side:
// first the lint, the type checks and the translations beside the build; then, once all of them passed,
// the browser tests beside the server tests (no end-to-end browsers: their 10 s per test and their keyboard
// focus do not stand a machine busy with those); then the end-to-end suite alone, the critical path, its
// files one at a time (two at once let the site audit's timed crawl miss a cookie on a loaded 2-core
// machine); within a file, cases that wait run side by side, each on a site and in a browser context of
// its own (test/e2e/sites.mjs). Each step's output is held and printed whole when it ends, so no two
// interleave. Exits 1 if any step failed; a failed stage stops the ones after it, as `a && b` would.
// `node scripts/test.mjs e2e` runs only the named steps.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STAGES = [
  [
    ['lint', npm, ['run', 'lint']],
    ['typecheck', npm, ['run', 'typecheck']],
    ['languages', process.execPath, ['scripts/check-languages.mjs']],
    ['build', npm, ['run', 'build']],
  ],
  [
    ['browser', npm, ['run', 'test:browser']],
    ['server', npm, ['run', 'test:server']],
  ],
  [['e2e', npm, ['run', 'test:e2e']]],
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
for (const stage of STAGES) {
  const steps = only.length ? stage.filter(([name]) => only.includes(name)) : stage;
  if (!steps.length) continue;
  const results = await Promise.all(steps.map(run));
  if (results.includes(false)) {
    failed = true;
    break;
  }
}
console.log(`\n${failed ? '✖ npm test failed' : '✔ npm test passed'} in ${seconds(started)}`);
process.exitCode = failed ? 1 : 0;
