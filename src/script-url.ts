/**
 * Where the core's script was loaded from, read while it runs: the view, the receipt sender and the
 * languages are files beside it, and released scripts take its nonce. In the classic build rollup turns
 * `import.meta.url` into the running script's `src`, once per module that reads it: so one module does.
 */

/**
 * The classic script running now (a module has none), asked of Document.prototype: `document.currentScript`
 * itself is whatever the page names `currentScript` (`<img name="currentScript">` in a comment: DOM
 * clobbering), whose data-* attributes would configure the widget and whose nonce it would trust.
 */
const running = (): HTMLScriptElement | null | undefined =>
  globalThis.document && (Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript')!.get!.call(document) as HTMLScriptElement | null);

// Pure: a bundle that uses neither (the view, which imports the texts registry beside them) leaves both out.
export const currentScript = /* @__PURE__ */ running();
export const scriptUrl = /* @__PURE__ */ (() => currentScript?.src || import.meta.url)();
