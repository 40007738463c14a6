/**
 * Where the core's script was loaded from, read while it runs: the view, the receipt sender and the
 * languages are files beside it, and released scripts take its nonce. In the classic build rollup turns
 * `import.meta.url` into the running script's `src`, once per module that reads it: so one module does.
 */
export const scriptUrl = import.meta.url;
/**
 * The nonce of that script, when it is the one running (the classic build; a module has no current script):
 * the copy of the tag that ran, not one that markup could put in the page beside it. Its attribute's value is hidden.
 */
export const scriptNonce = (globalThis.document?.currentScript as HTMLScriptElement | null | undefined)?.nonce || '';
