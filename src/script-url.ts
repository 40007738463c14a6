/**
 * Where the core's script was loaded from, read while it runs: the view, the receipt sender and the
 * languages are files beside it, and released scripts take its nonce. In the classic build rollup turns
 * `import.meta.url` into the running script's `src`, once per module that reads it: so one module does.
 */
export const scriptUrl = import.meta.url;
