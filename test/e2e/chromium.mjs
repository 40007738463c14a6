// The end-to-end files' Chromium. Started once per process, it costs about 1.3 s of CPU, and importing Playwright
// 0.8 s more: `npm test` runs every file in one process (run-all.mjs), one file after another, and they share it.
// Run alone, a file starts and closes its own.
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';

// Host names the tests give their sites, all resolved to this machine: *.example.test and *.shop.test for cookies
// with a real Domain, *.github.io for a public suffix, on which no page may set one.
const HOSTS = '--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP *.shop.test 127.0.0.1, MAP *.github.io 127.0.0.1';

let launching;
let users = 0;

/** The shared Chromium, started on first use. Each call is paired with a `closeChromium()`. */
export function openChromium() {
  users++;
  launching ??= chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, HOSTS] });
  return launching;
}

/**
 * What a file opened in the shared Chromium goes (files run one after another, so every context is that file's);
 * the browser itself goes with its last user.
 */
export async function closeChromium() {
  users--;
  const browser = await launching?.catch(() => undefined);
  if (!browser) return;
  if (users > 0) {
    await Promise.all(browser.contexts().map((context) => context.close().catch(() => {})));
    return;
  }
  launching = undefined;
  await browser.close();
}

/** Keeps the shared Chromium open from file to file until the returned function is called (run-all.mjs). */
export function holdChromium() {
  users++;
  return closeChromium;
}
