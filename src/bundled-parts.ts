/** The view and the receipt sender, bundled: imported by the single-file build before its classic entry, so the element never fetches them. */
import { setParts } from './element/parts.js';
import * as receipts from './signals/receipts-sender.js';
import * as view from './view/index.js';

setParts({ view: () => Promise.resolve(view), receipts: () => Promise.resolve(receipts) });
