// The floor: the least that any widget built on this project's stack and contract runs on a page, written
// as small as it can be and measured beside ours (`node bench/run.mjs --floor`). It is what the contract asks
// of every page view, and nothing more:
// - js-cookie reads (and writes) the one consent cookie (the stack);
// - `<cookie-consent>` is a custom element with an open shadow root (CONTRACT section 3);
// - tagged scripts are released by category, in page order, and a MutationObserver on the document sees
//   those added later (CONTRACT section 4: nothing is missed, whoever adds it);
// - with no decision, an "Accept all" button in the shadow root (so the bench can click it) writes it.
// No validation, no warnings, no API, no events, no iframes or images, no Consent Mode, no GPC, no
// languages, no services: anything real adds to it. Never shipped; the bench builds it with the same
// bundler settings as the core (bench/lib/classic.mjs). Its button comes at once, from this one file;
// split.js is the same floor with the button from a Lit view file, as issue 12 has the banner come.
import { defineFloor } from './floor.js';
import { PLACE } from './place.js';

defineFloor((root, accept) => {
  const button = document.createElement('button');
  button.textContent = 'Accept all';
  button.style.cssText = PLACE;
  button.onclick = accept;
  root.append(button);
});
