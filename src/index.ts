/** The ES module entry: defines `<cookie-consent>`. Stub: filled in by the element work. */
export * from './consent/record.js';
