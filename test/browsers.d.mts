// Types of browsers.mjs, for the TypeScript tests that launch a browser.
export const chromiumPath: string;
export const firefoxPath: string;
export const disableFeatures: string;
export const chromiumArgs: string[];
