/**
 * The parts of the widget the core loads only when they are needed, each a file beside it: the view
 * (`cookie-consent-view.js`: banner, dialog, placeholders), the receipt sender
 * (`cookie-consent-receipts.js`) and the release of tagged embeds (`cookie-consent-embeds.js`). Each entry says how to load them: src/index.ts with `import()`, so
 * bundlers split them; src/iife.ts from beside the classic script; the single-file build has them inside
 * (src/all.ts).
 */
import type { EmbedsPart } from '../release/index.js';
import type { ReceiptsSender } from '../signals/receipts.js';
import type { ViewModule } from '../view/host.js';

export interface Parts {
  view(): Promise<ViewModule>;
  receipts(): Promise<ReceiptsSender>;
  embeds(): Promise<EmbedsPart>;
}

let parts: Parts | undefined;

/** Sets how the parts are loaded, unless set already (the single-file build sets them before its classic entry runs). @internal */
export function setParts(given: Parts): void {
  parts ??= given;
}

/** Loads a part; it rejects when the file cannot be loaded (404, offline, a blocking policy). @internal */
export function loadPart<K extends keyof Parts>(name: K): ReturnType<Parts[K]> {
  return (parts ? parts[name]() : Promise.reject(new Error('no loader'))) as ReturnType<Parts[K]>;
}
