// The split floor's view (split.js): Lit renders the one button. Built as an ES module with Lit inside.
import { html, render } from 'lit-html';
import { PLACE } from './place.js';

/** Renders "Accept all" into `root`; a click calls `accept`. */
export function show(root, accept) {
  render(html`<button style=${PLACE} @click=${accept}>Accept all</button>`, root);
}
