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
/** The switch alone, for a browser that another tool launches (the scanner's `--browser-arg`). */
export const disableFeatures = `--disable-features=${[...playwrightDisabled, ...omniboxPopup].join(',')}`;

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  disableFeatures,
];
