/**
 * Everything the pieces that act on a decision ask of `<cookie-consent>`: each declares its own part
 * (release/host.ts, signals/), and the element implements them all. Exported from the package for code
 * that wants to accept "a `<cookie-consent>`, or something that behaves like one" by type.
 */
import type { ReleaseHost } from '../release/host.js';
import type { ConsentModeHost } from '../signals/google-consent-mode.js';
import type { ReceiptsHost } from '../signals/receipts.js';
import type { Texts } from './texts/texts.js';

export type ConsentHost = HTMLElement & ReleaseHost & ConsentModeHost & ReceiptsHost & { readonly texts: Texts };
