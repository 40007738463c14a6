/** The view, the receipt sender, the embeds' release and the services' configuration, bundled: imported by the single-file build before its classic entry, so the element never fetches them. */
import { setParts } from './element/parts.js';
import * as services from './element/services.js';
import * as embeds from './release/embeds.js';
import * as receipts from './signals/receipts-sender.js';
import * as view from './view/index.js';

const parts = { view, receipts, embeds, services };
setParts((name) => Promise.resolve(parts[name]) as never);
