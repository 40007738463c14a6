// Where the browsers are, for every test tool of the project (web-test-runner, Playwright, bench).
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

// Headless Chromium gives every window, so every Playwright context, a renderer of its own for the address
// bar's popup (chrome://omnibox-popup.top-chrome/, twice): about a second of CPU per context that no test
// sees, a third of the CPU of the end-to-end suite on a 2-core machine. Chromium reads only the last
// --disable-features, so this one repeats the list Playwright itself passes (playwright-core 1.65,
// chromiumSwitches.ts) before adding the popup's features.
const playwrightDisabled = [
  'AimEnabled', 'AvoidCorsURLLoaderRestartOnRedirect', 'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose',
  'HttpsFirstBalancedModeAutoEnable', 'HttpsUpgrades', 'LensOverlay', 'MediaRouter', 'NetworkTimeServiceQuerying', 'OptimizationHints',
  'PaintHolding', 'PreconnectToSearch', 'TcpPortRandomizationWin', 'ThirdPartyStoragePartitioning',
  'msEdgeUpdateLaunchServicesPreferredVersion', 'msForceBrowserSignIn',
];
const omniboxPopup = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];
// Chromium keeps a spare renderer process started for the next navigation; each new context takes it and
// starts another. A test opens a context or two and closes them, so most spares are started for nothing:
// without them a context, its page and a first load took 550-700 ms of CPU instead of 710-910 ms (three
// interleaved runs of 30), and two of the heaviest test files 56-58 s of CPU instead of 62-75 s. Tests only:
// a visitor's browser has the spare, so the bench keeps it (benchChromiumArgs).
const disable = (...features) => `--disable-features=${[...playwrightDisabled, ...omniboxPopup, ...features].join(',')}`;
/** The switch alone, for a browser that another tool launches (the scanner's `--browser-arg`). */
export const disableFeatures = disable('SpareRendererForSitePerProcess');

const common = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const chromiumArgs = [...common, disableFeatures];
/** As a visitor's Chromium runs, spare renderer included: what `npm run bench` measures in. */
export const benchChromiumArgs = [...common, disable()];
