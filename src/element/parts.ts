/**
 * The parts of the widget the core loads only when they are needed, each a file beside it: the view
 * (`cookie-consent-view.js` and the chunks it loads itself: banner, dialog, placeholders), the receipt sender
 * (`cookie-consent-receipts.js`), the release of tagged embeds (`cookie-consent-embeds.js`) and the
 * `<cookie-service>` configuration (`cookie-consent-services.js`). Each entry says how to load them: src/index.ts with `import()`, so
 * bundlers split them; src/iife.ts from beside the classic script; the single-file build has them inside
 * (src/all.ts).
 */
import type { EmbedsPart } from '../release/index.js';
import type { ReceiptsSender } from '../signals/receipts.js';
import type { ViewModule } from '../view/host.js';
import type * as Services from './services.js';

/** The services part (services.ts): the `<cookie-service>` configuration, for pages that have one. */
export type ServicesPart = typeof Services;

/** Each part's module. */
export interface Parts {
  view: ViewModule;
  receipts: ReceiptsSender;
  embeds: EmbedsPart;
  services: ServicesPart;
}

/** Loads a part's module: `import()` of its file (or, in the single-file build, the module inside). */
export type PartLoader = <K extends keyof Parts>(name: K) => Promise<Parts[K]>;

let loader: PartLoader | undefined;

/** Sets how the parts are loaded, unless set already (the single-file build sets it before its classic entry runs). @internal */
export function setParts(given: PartLoader): void {
  loader ??= given;
}

/** Loads a part; it rejects when the file cannot be loaded (404, offline, a blocking policy). @internal */
export function loadPart<K extends keyof Parts>(name: K): Promise<Parts[K]> {
  return loader ? loader(name) : Promise.reject(new Error('no loader'));
}
