/** The one-tag entry. Stub: filled in by the element work. */
import './index.js';
