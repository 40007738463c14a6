#!/usr/bin/env node
// `npx cookie-consent-element scan <url>`: what a site sets and asks for before consent, after
// "Reject all" and after "Accept all". Exit code 0: clean; 1: findings; 2: the scan could not run.
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScanError, scan } from '../scanner/scan.mjs';
import { formatHtml, formatText } from '../scanner/report.mjs';

const USAGE = `Usage: cookie-consent-element scan <url> [options]

Loads the site in a fresh headless Chromium, follows its own links, and reports every cookie, storage key
and third-party request before any choice, after "Reject all" and after "Accept all".

Options:
  --max-pages <n>       pages to visit, breadth-first from <url> (default 10)
  --timeout <seconds>   time for the crawl, once the browser is up (default 60)
  --wait <ms>           how long a page may keep the network busy after load before it is recorded (default 2000)
  --load-timeout <ms>   how long a page's load may take once its HTML is in; then it is recorded as it is (default 20000)
  --json [file]         the report as JSON, to <file> or to stdout ("-" or no file)
  --html <file>         the report as a self-contained HTML page
  --allow-host <host>   a third-party host you have judged necessary (repeatable; subdomains included)
  --strict              cookies and storage keys the database does not know count as findings
  --browser-arg <arg>   an extra Chromium switch, e.g. --host-resolver-rules=... (repeatable)
  --quiet               no progress line
  -h, --help            this text

Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser.
Exit codes: 0 nothing found, 1 findings, 2 usage or browser error.
`;

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'max-pages': { type: 'string' },
        timeout: { type: 'string' },
        wait: { type: 'string' },
        'load-timeout': { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        'browser-arg': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // `--json` with no file: parseArgs wants a value, so it is given "-" and parsed again.
    const at = argv.indexOf('--json');
    if (at !== -1 && (at === argv.length - 1 || argv[at + 1].startsWith('--'))) return main([...argv.slice(0, at + 1), '-', ...argv.slice(at + 1)]);
    return usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return process.stdout.write(USAGE), 0;
  // `--json` then the URL: the URL was taken for the file; it is the URL, and the report goes to stdout.
  if (positionals.length === 1 && /^https?:\/\//i.test(values.json ?? '')) [values.json, positionals[1]] = ['-', values.json];
  const [command, url, ...rest] = positionals;
  if (command !== 'scan' || !url || rest.length) return usage(command && command !== 'scan' ? `Unknown command: ${command}` : 'Give a command and one URL.');
  const wrong = [];
  const number = (name, fallback, min) => {
    if (values[name] === undefined) return fallback;
    const n = Number(values[name]);
    // "0" is a number: say which ones the option takes.
    if (!(Number.isFinite(n) && n >= min)) wrong.push(`--${name} needs a number from ${min}, not "${values[name]}"`);
    return n;
  };
  const maxPages = number('max-pages', 10, 1);
  const timeout = number('timeout', 60, 1);
  const wait = number('wait', 2000, 0);
  const loadTimeout = number('load-timeout', 20_000, 1);
  if (wrong.length) return usage(wrong[0]);

  // A report file that cannot be written is known now, not after a crawl of minutes.
  for (const file of [values.json === '-' ? undefined : values.json, values.html].filter(Boolean)) {
    try {
      accessSync(dirname(resolve(file)), constants.W_OK);
    } catch {
      return fail(`cannot write ${file}: its folder does not exist or is not writable`);
    }
  }

  const tty = process.stderr.isTTY;
  const progress = values.quiet ? () => {} : (line) => process.stderr.write(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}` : `${line}\n`);
  let report;
  try {
    report = await scan({ url, maxPages: Math.floor(maxPages), timeout, wait, loadTimeout, allowHosts: values['allow-host'] ?? [], strict: !!values.strict, browserArgs: values['browser-arg'] ?? [], progress });
  } catch (error) {
    if (tty && !values.quiet) process.stderr.write('\r\x1b[2K');
    if (error instanceof ScanError) return fail(error.message);
    throw error;
  }
  if (tty && !values.quiet) process.stderr.write('\r\x1b[2K');

  const json = JSON.stringify(report, null, 2) + '\n';
  if (values.json === '-') process.stdout.write(json);
  else {
    if (values.json) writeFileSync(values.json, json);
    process.stdout.write(formatText(report));
  }
  if (values.html) writeFileSync(values.html, formatHtml(report));
  return report.findings.length ? 1 : 0;
}

function usage(message) {
  process.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}

function fail(message) {
  process.stderr.write(`cookie-consent-element scan: ${message}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cookie-consent-element scan: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
