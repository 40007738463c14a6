/** The view, bundled: imported by the single-file build before its classic entry, so the element never fetches it. */
import { setViewLoader } from './element/cookie-consent.js';
import * as view from './view/index.js';

setViewLoader(() => Promise.resolve(view));
