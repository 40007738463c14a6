// Where the browsers are, for every test tool of the project (web-test-runner, Playwright, bench).
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
